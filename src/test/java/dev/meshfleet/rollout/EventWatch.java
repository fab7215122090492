package dev.meshfleet.rollout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Watches a rollout's Server-Sent Events (GET .../rollouts/{id}/events) in the background, as a live view would. */
final class EventWatch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    final List<String> ids = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger comments = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Stream<String> lines;
    private final Thread reader;

    EventWatch(String url, String token) {
        reader = new Thread(() -> {
            try {
                HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                        HttpResponse.BodyHandlers.ofLines());
                lines = response.body();
                StringBuilder data = new StringBuilder();
                String[] id = { null };
                lines.forEach(line -> {
                    if (line.startsWith(":")) {
                        comments.incrementAndGet(); // keep-alive
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.startsWith("id:")) {
                        id[0] = line.substring(3).trim();
                    } else if (line.isEmpty() && data.length() > 0) {
                        try {
                            events.add(JSON.readTree(data.toString()));
                            ids.add(id[0]);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        data.setLength(0);
                    }
                });
            } catch (Exception e) {
                // closed
            }
        }, "rollout-events-watch");
        reader.setDaemon(true);
        reader.start();
    }

    List<String> types() {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    /** "wave/step" of every step-started event, in order. */
    List<String> stepsStarted() {
        return events.stream().filter(e -> e.path("type").asText().equals("step-started"))
                .map(e -> e.path("wave").asInt() + "/" + e.path("step").asInt()).toList();
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
