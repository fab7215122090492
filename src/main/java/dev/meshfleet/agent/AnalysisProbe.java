package dev.meshfleet.agent;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.protocol.DesiredMesh;
import dev.meshfleet.protocol.Measure;
import dev.meshfleet.protocol.Measured;
import dev.meshfleet.protocol.Measurements;
import dev.meshfleet.protocol.RolloutWeight;

/**
 * Runs the analysis queries of rollouts in progress on this cluster against the cluster's Prometheus (its HTTP API,
 * {@code /api/v1/query}) every interval the desired state gives, and reports the values; the server judges them
 * fleet-wide. No data is reported as null and a failing query as an error: both make a round inconclusive, never
 * successful.
 */
public class AnalysisProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Probe(String rolloutId, long intervalSeconds, String prometheusUrl, Map<String, String> queries) {
    }

    private final AgentClient client;
    /**
     * Made on the first query: an HTTP client starts a selector thread at once, and most agents never run an analysis
     * (2,750 in-process agents had 2,805 selector threads, and making them was what limited how fast agents started).
     */
    private HttpClient http;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("meshfleet-agent-analysis"));
    private final Map<String, Probe> probes = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> tasks = new HashMap<>();

    public AnalysisProbe(AgentClient client) {
        this.client = client;
    }

    /** Starts, changes or stops probes to match the rollouts' analysis in a new desired set. */
    public synchronized void update(List<DesiredMesh> desired) {
        Map<String, Probe> wanted = new HashMap<>();
        for (DesiredMesh mesh : desired) {
            for (RolloutWeight rollout : mesh.rollouts() == null ? List.<RolloutWeight> of() : mesh.rollouts()) {
                Measure a = rollout.analysis();
                if (a == null || rollout.id() == null) {
                    continue;
                }
                String id = rollout.id().toString();
                wanted.put(id, new Probe(id, Math.max(1, a.intervalSeconds()), a.prometheusUrl(),
                        a.queries() == null ? Map.of() : new LinkedHashMap<>(a.queries())));
            }
        }
        for (String id : List.copyOf(probes.keySet())) {
            if (!probes.get(id).equals(wanted.get(id))) {
                probes.remove(id);
                ScheduledFuture<?> task = tasks.remove(id);
                if (task != null) {
                    task.cancel(false);
                }
            }
        }
        wanted.forEach((id, probe) -> {
            if (!probes.containsKey(id) && !scheduler.isShutdown()) {
                probes.put(id, probe);
                tasks.put(id, scheduler.scheduleAtFixedRate(() -> measure(probe), 0, probe.intervalSeconds() * 1000,
                        TimeUnit.MILLISECONDS));
            }
        });
    }

    public synchronized void stop() {
        scheduler.shutdownNow();
        probes.clear();
        tasks.clear();
    }

    private void measure(Probe probe) {
        List<Measured> values = new ArrayList<>();
        probe.queries().forEach((metric, query) -> {
            Measured measured;
            try {
                measured = new Measured(metric, query(probe.prometheusUrl(), query), null);
            } catch (IOException | RuntimeException e) {
                measured = new Measured(metric, null, e.getMessage() == null ? e.toString() : e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            values.add(measured);
        });
        try {
            client.measurements(probe.rolloutId(), new Measurements(values));
        } catch (IOException | RuntimeException e) {
            // the next round reports again; a round the server misses is judged as not measured
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        return http;
    }

    /** An instant query's single value, or null when the result is empty (no data). */
    private Double query(String prometheusUrl, String query) throws IOException, InterruptedException {
        if (prometheusUrl == null || prometheusUrl.isBlank()) {
            throw new IOException("no Prometheus URL is set for this cluster");
        }
        String base = prometheusUrl.endsWith("/") ? prometheusUrl.substring(0, prometheusUrl.length() - 1) : prometheusUrl;
        HttpResponse<String> response = http().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Prometheus answered HTTP " + response.statusCode());
        }
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IOException("Prometheus: " + body.path("error").asText("query failed"));
        }
        JsonNode result = body.path("data").path("result");
        if (body.path("data").path("resultType").asText().equals("scalar")) {
            return number(result.path(1).asText());
        }
        if (!result.isArray() || result.isEmpty()) {
            return null;
        }
        return number(result.get(0).path("value").path(1).asText());
    }

    private static Double number(String text) {
        double value = Double.parseDouble(text);
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value; // 0/0 rates: no traffic, no data
    }
}
