package dev.meshfleet.rollout;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.support.Await;

/**
 * A real Prometheus server (Debian's {@code prometheus} binary, installed by {@code scripts/infra up}) for one
 * simulated cluster: its own config, data directory (under {@code target/prometheus/}) and free port, scraping the
 * given targets every second, with the query log on (to see what the agents asked) and the admin API (to drop a
 * canary's history between test phases). Stopped by {@link #close()}, and by a shutdown hook should a test not get
 * there.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String url;
    private final Path dir;
    private final Process process;
    private final Thread reaper;

    PrometheusServer(String name, List<String> targets) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        dir = Path.of("target", "prometheus", name + "-" + port).toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  query_log_file: %s
                scrape_configs:
                  - job_name: envoy-stats
                    metrics_path: /metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(dir.resolve("query.log"), String.join(", ", targets)));
        List<String> command = new ArrayList<>(List.of(binary(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-admin-api", "--storage.tsdb.retention.time=1h", "--log.level=warn"));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        reaper = new Thread(process::destroyForcibly, "prometheus-reaper-" + port);
        Runtime.getRuntime().addShutdownHook(reaper);
        Await.until("Prometheus " + name + " ready on " + url + " (log: " + dir.resolve("prometheus.log") + ")",
                Duration.ofSeconds(30), () -> {
                    if (!process.isAlive()) {
                        Runtime.getRuntime().removeShutdownHook(reaper);
                        throw new AssertionError("Prometheus exited: " + log());
                    }
                    return get("/-/ready") != null;
                });
    }

    /** Debian's binary on the PATH; {@code scripts/infra up} installs it. */
    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "prometheus"))) {
                return Path.of(dir, "prometheus").toString();
            }
        }
        throw new IllegalStateException("no prometheus binary on the PATH: run scripts/infra up (installs Debian's prometheus)");
    }

    /** An instant query's single value; null when the result is empty (no data), as the agent reads it. */
    Double value(String promql) {
        try {
            // POST (a form), so that the query log tells these checks from the agents' GETs
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/query"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            String body = response.body();
            JsonNode result = JSON.readTree(body).at("/data/result");
            if (!result.isArray() || result.isEmpty()) {
                return null;
            }
            double v = Double.parseDouble(result.get(0).at("/value/1").asText());
            return Double.isNaN(v) ? null : v;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Drops every sample of the matching series (admin API): the next scrapes start their history afresh. */
    void deleteSeries(String selector) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/admin/tsdb/delete_series?match[]="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IOException("delete_series answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The queries Prometheus evaluated (one JSON line each), from its query log. */
    List<JsonNode> queryLog() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path file = dir.resolve("query.log");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    private String get(String pathAndQuery) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // target/ is cleaned by the build anyway
        }
    }
}
