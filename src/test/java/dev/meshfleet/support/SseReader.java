package dev.meshfleet.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a Server-Sent Event stream in the background, as a live view or an agent would: records each event's name, id
 * (the last {@code id:} seen, as a client would send back in Last-Event-ID) and data, counts keep-alive comments, and
 * tells whether the server ended the stream (as opposed to the test closing it).
 */
public final class SseReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** receivedNanos: System.nanoTime() when the event's last line arrived. */
    public record Event(String name, String id, String data, long receivedNanos) {
    }

    public final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
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
                String[] id = { null };
                lines.forEach(line -> {
                    if (line.startsWith(":")) {
                        comments.incrementAndGet(); // keep-alive
                    } else if (line.startsWith("event:")) {
                        name[0] = line.substring(6).trim();
                    } else if (line.startsWith("id:")) {
                        id[0] = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && data.length() > 0) {
                        events.add(new Event(name[0], id[0], data.toString(), System.nanoTime()));
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

    /** The event ids, in order. */
    public List<String> ids() {
        return events.stream().map(Event::id).toList();
    }

    /** How many comment lines (keep-alives) the server sent. */
    public int comments() {
        return comments.get();
    }

    /** Each event's data read as JSON, in order (for streams whose events carry JSON documents). */
    public List<JsonNode> json() {
        return events.stream().map(e -> {
            try {
                return JSON.readTree(e.data());
            } catch (JsonProcessingException x) {
                throw new AssertionError("event data is not JSON: " + e.data(), x);
            }
        }).toList();
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
