package dev.meshfleet.bench;

import static dev.meshfleet.bench.FleetBench.pct;
import static dev.meshfleet.bench.FleetBench.send;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.support.GitHttpServer;
import dev.meshfleet.support.GitRepo;
import dev.meshfleet.support.Seeds;

/**
 * GitOps benchmark (issue 13), against the packaged server in production mode (scripts/bench-gitops) and a local git
 * remote (git http-backend over HTTP with token authentication): (1) webhook acknowledgement: signed GitHub push
 * deliveries, each accepted (unique delivery id) and queued as a sync job through the outbox; first as fast as 8
 * clients can (throughput at saturation), then paced at MESHFLEET_BENCH_RATE per second (default 50), each timed
 * from when it was due to the 202 (goal p99 <= 50 ms); (2) push -> revision: commit a changed intent, push it, deliver
 * the webhook, and time from the push having completed to the new revision's commit time as the server recorded it
 * (goal p99 <= 2 s). Warm-up rounds first, not counted.
 */
public class GitopsBench {
    public static void main(String[] args) throws Exception {
        dev.meshfleet.support.QuietJdkLogging.apply(); // before any HTTP client is made
        String base = args[0];
        int deliveries = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int pushes = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int clients = Integer.parseInt(System.getenv().getOrDefault("MESHFLEET_BENCH_CLIENTS", "8"));
        int rate = Integer.parseInt(System.getenv().getOrDefault("MESHFLEET_BENCH_RATE", "50"));
        String token = System.getenv("MESHFLEET_TOKEN");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String seed = Files.readString(Path.of("deploy/examples/payments-mesh.yaml"));
        System.out.printf("Meshfleet GitOps benchmark: %d webhook deliveries from %d clients, %d pushes, %d cores%n",
                deliveries, clients, pushes, Runtime.getRuntime().availableProcessors());

        Path root = Files.createTempDirectory("meshfleet-bench-git");
        String fetchToken = UUID.randomUUID().toString();
        try (GitRepo repo = GitRepo.create(root, "mesh.git"); GitHttpServer git = new GitHttpServer(root, "bench", fetchToken)) {
            repo.commit("mesh.yaml", seed, "Payments mesh", "Bench Author");
            repo.push(false);
            String tenant = "gitops-" + (System.currentTimeMillis() % 100000);
            send(http, token, "POST", base + "/api/v1/tenants", "{\"name\":\"" + tenant + "\"}", null, 201);
            String api = base + "/api/v1/tenants/" + tenant + "/meshes";
            send(http, token, "POST", api, "{\"name\":\"payments\",\"trustDomain\":\"cluster.local\"}", null, 201);
            JsonNode created = send(http, token, "POST", api + "/payments/git-sources", "{\"name\":\"main\",\"provider\":"
                    + "\"github\",\"repository\":\"" + git.url("mesh.git") + "\",\"branch\":\"main\",\"path\":\"mesh.yaml\","
                    + "\"pollInterval\":\"off\",\"credentials\":{\"username\":\"bench\",\"token\":\"" + fetchToken + "\"}}",
                    null, 201);
            String hook = base + created.path("source").path("webhookPath").asText();
            String secret = created.path("webhookSecret").asText();
            String revisions = api + "/payments/revisions?limit=1";
            awaitRevision(http, token, revisions, 1);

            // (1) acknowledgement
            String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + "0".repeat(40) + "\"}";
            ackRound(http, hook, secret, body, Math.max(200, deliveries / 4), clients, "warm-up, closed loop");
            ackRound(http, hook, secret, body, deliveries, clients, "saturation, closed loop");
            long[] acks = pacedRound(http, hook, secret, body, deliveries, rate);

            // (2) push -> revision
            List<Long> latencies = new ArrayList<>();
            int warmups = 5;
            int revision = 1;
            for (int i = -warmups; i < pushes; i++) {
                int weight = 10 + Math.floorMod(i + warmups, 80) + 1;
                String changed = Seeds.withCanaryWeight(seed, weight);
                var commit = repo.commit("mesh.yaml", changed, "Canary at " + weight + "%", "Bench Author");
                repo.push(false);
                long pushed = System.currentTimeMillis();
                deliver(http, hook, secret, "{\"ref\":\"refs/heads/main\",\"after\":\"" + commit.getName() + "\"}");
                revision++;
                OffsetDateTime committed = awaitRevision(http, token, revisions, revision);
                if (i >= 0) {
                    latencies.add(committed.toInstant().toEpochMilli() - pushed);
                }
            }
            Collections.sort(latencies);
            long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
            System.out.printf("webhook ack:        p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d deliveries at %d/s "
                    + "(goal p99 <= 50 ms)%n", pct(acks, 50) / 1e6, pct(acks, 99) / 1e6, acks[acks.length - 1] / 1e6,
                    acks.length, rate);
            System.out.printf("push -> revision:   p50 %d ms, p99 %d ms, max %d ms over %d pushes (goal p99 <= 2000 ms)%n",
                    pct(sorted, 50), pct(sorted, 99), sorted[sorted.length - 1], sorted.length);
            System.out.printf("git server requests: %d%n", git.requests());
        }
    }

    static long[] ackRound(HttpClient http, String hook, String secret, String body, int n, int clients, String label)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Long>> times = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            times.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                deliver(http, hook, secret, body);
                return System.nanoTime() - t0;
            }));
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = times.get(i).get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        java.util.Arrays.sort(out);
        System.out.printf("  %s: %d deliveries in %.1f s (%.0f/s)%n", label, n, seconds, n / seconds);
        return out;
    }

    /**
     * Deliveries sent at a fixed rate whatever the answers do (open loop), each timed from when it was due to be sent,
     * so a slow answer cannot hide the wait of the ones queued behind it.
     */
    static long[] pacedRound(HttpClient http, String hook, String secret, String body, int n, int rate) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Long>> times = new ArrayList<>();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.max(1000, due - System.nanoTime()));
            }
            times.add(pool.submit(() -> {
                deliver(http, hook, secret, body);
                return System.nanoTime() - due;
            }));
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = times.get(i).get();
        }
        pool.shutdown();
        java.util.Arrays.sort(out);
        System.out.printf("  paced: %d deliveries at %d/s%n", n, rate);
        return out;
    }

    static void deliver(HttpClient http, String hook, String secret, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hook))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("delivery answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Polls the newest revision until it is {@code number}; returns when the server committed it. */
    static OffsetDateTime awaitRevision(HttpClient http, String token, String revisions, int number) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode newest = send(http, token, "GET", revisions, null, null, 200).path("items").path(0);
            if (newest.path("number").asInt() >= number) {
                return OffsetDateTime.parse(newest.path("createdAt").asText());
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("revision " + number + " did not appear within 60 s");
    }
}
