package dev.meshfleet.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Reads a Server-Sent Event stream in the background and records each event's name and data, and whether the server
 * ended the stream (as opposed to the test closing it).
 */
public final class SseReader implements AutoCloseable {
    public record Event(String name, String data) {
    }

    public final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile boolean ended;
    private volatile Stream<String> lines;
    private final Thread reader;

    /** {@code authorization} is the whole header value, e.g. "Bearer ey...". */
    public SseReader(String url, String authorization) {
        reader = new Thread(() -> {
            try {
                HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", authorization).header("Accept", "text/event-stream").GET().build(),
                        HttpResponse.BodyHandlers.ofLines());
                status = response.statusCode();
                lines = response.body();
                StringBuilder data = new StringBuilder();
                String[] name = { "message" };
                lines.forEach(line -> {
                    if (line.startsWith("event:")) {
                        name[0] = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && data.length() > 0) {
                        events.add(new Event(name[0], data.toString()));
                        data.setLength(0);
                        name[0] = "message";
                    }
                });
                ended = true;
            } catch (Exception e) {
                // closed by the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public int status() {
        return status;
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    public List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    @Override
    public void close() {
        Stream<String> s = lines;
        if (s != null) {
            s.close();
        }
        reader.interrupt();
    }
}
