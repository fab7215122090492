package dev.meshfleet.bench;

import static dev.meshfleet.bench.FleetBench.pct;
import static dev.meshfleet.bench.FleetBench.send;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.agent.Agent;

/**
 * Rollout step-overhead benchmark (issue #5): N in-process agents (in-memory clusters, the real agent code) against one
 * real server (scripts/bench-rollout), one wave of all N clusters, weight steps 5, 10, ..., 100 and no pauses. Per
 * step: from the engine committing the weight change ("weights-set") to the next step starting ("step-started"), i.e.
 * the weight delivered to every cluster, applied, reported, confirmed through Kafka, and the engine moving on. Times
 * are the server's own (the events' timestamps, taken when each is written), read back from the rollout's event stream.
 */
public class RolloutBench {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) {
        dev.meshfleet.support.QuietJdkLogging.apply(); // before any HTTP client is made
        // a failure must end the JVM: the agents' and HTTP clients' threads would keep it (and the benchmark
        // script holding the machine) alive
        try {
            bench(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    static void bench(String[] args) throws Exception {
        String base = args[0];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int rounds = Integer.parseInt(System.getenv().getOrDefault("MESHFLEET_BENCH_ROUNDS", "5"));
        // the server starts cold: its first rollouts run while the JIT compiles the hot paths (reported, not counted)
        int warmups = Integer.parseInt(System.getenv().getOrDefault("MESHFLEET_BENCH_WARMUP", "3"));
        String token = System.getenv("MESHFLEET_TOKEN");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String seed = Files.readString(Path.of("deploy/examples/payments-mesh.yaml"));
        System.out.printf("Meshfleet rollout benchmark: %d clusters, %d measured rollouts of 20 weight steps after %d warm-up"
                + " rollouts, %d cores%n", n, rounds, warmups, Runtime.getRuntime().availableProcessors());

        String tenant = "rollout-" + (System.currentTimeMillis() % 100000);
        send(http, token, "POST", base + "/api/v1/tenants", "{\"name\":\"" + tenant + "\"}", null, 201);
        String api = base + "/api/v1/tenants/" + tenant;
        send(http, token, "POST", api + "/meshes", "{\"name\":\"payments\",\"trustDomain\":\"cluster.local\"}", null, 201);
        int revision = send(http, token, "PUT", api + "/meshes/payments/intent", seed, null, 201).path("number").asInt();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            tokens.add(pool.submit(() -> send(http, token, "POST", api + "/clusters",
                    "{\"name\":\"c" + index + "\",\"labels\":{\"index\":\"" + index + "\"}}", null, 201)
                    .path("bootstrapToken").asText()));
        }
        List<Agent> agents = FleetBench.startAgents(base, tokens);
        pool.shutdown();
        FleetBench.awaitAll(agents, revision, Duration.ofSeconds(120));

        StringBuilder steps = new StringBuilder();
        for (int w = 5; w <= 100; w += 5) {
            steps.append(steps.length() == 0 ? "" : ",").append("{\"setWeight\":").append(w).append('}');
        }
        List<Long> overheads = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        List<Long> toFirst = new ArrayList<>();
        List<Long> toLast = new ArrayList<>();
        String stable = "v1", canary = "v2";
        for (int round = -warmups; round < rounds; round++) {
            String request = "{\"services\":[\"payment-service\"],\"stableVersion\":\"" + stable + "\",\"canaryVersion\":\""
                    + canary + "\",\"steps\":[" + steps + "]}";
            String id = send(http, token, "POST", api + "/meshes/payments/rollouts", request, null, 201).path("id").asText();
            List<JsonNode> events = eventsUntilFinished(http, token, api + "/meshes/payments/rollouts/" + id + "/events");
            JsonNode last = events.get(events.size() - 1);
            if (!last.path("type").asText().equals("succeeded")) {
                throw new IllegalStateException("rollout " + id + " ended with " + last);
            }
            OffsetDateTime first = null;
            OffsetDateTime firstConfirm = null, lastConfirm = null;
            List<Long> these = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                JsonNode set = events.get(i);
                if (!set.path("type").asText().equals("weights-set")) {
                    continue;
                }
                OffsetDateTime at = OffsetDateTime.parse(set.path("at").asText());
                first = first == null ? at : first;
                // the step this weight belongs to ends when a later step starts (or the rollout succeeds)
                for (int j = i + 1; j < events.size(); j++) {
                    JsonNode e = events.get(j);
                    String type = e.path("type").asText();
                    boolean later = type.equals("step-started") && (e.path("wave").asInt() != set.path("wave").asInt()
                            || e.path("step").asInt() != set.path("step").asInt());
                    if (type.equals("cluster-confirmed")) {
                        OffsetDateTime c = OffsetDateTime.parse(e.path("at").asText());
                        firstConfirm = firstConfirm == null ? c : firstConfirm;
                        lastConfirm = c;
                    }
                    if (later || type.equals("succeeded")) {
                        OffsetDateTime end = OffsetDateTime.parse(e.path("at").asText());
                        these.add(Duration.between(at, end).toMillis());
                        if (firstConfirm != null && round >= 0) {
                            toFirst.add(Duration.between(at, firstConfirm).toMillis());
                            toLast.add(Duration.between(at, lastConfirm).toMillis());
                        }
                        firstConfirm = null;
                        break;
                    }
                }
            }
            if (round >= 0) { // the first rollout runs cold code paths: not counted
                overheads.addAll(these);
                totals.add(Duration.between(first, OffsetDateTime.parse(last.path("at").asText())).toMillis());
            }
            System.out.printf("rollout %d%s: %d steps, slowest %d ms%n", round + warmups + 1, round < 0 ? " (warm-up)" : "",
                    these.size(), these.stream().mapToLong(Long::longValue).max().orElse(-1));
            String swap = stable;
            stable = canary;
            canary = swap; // the succeeded rollout wrote its canary as the new stable routes
        }
        long[] sorted = overheads.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("N=%d step overhead (weight committed -> all %d clusters confirmed -> next step started), %d steps:"
                + " p50 %d ms  p99 %d ms  max %d ms; whole 20-step rollout p50 %d ms%n", n, n, sorted.length, pct(sorted, 50),
                pct(sorted, 99), sorted[sorted.length - 1], pct(totals.stream().mapToLong(Long::longValue).sorted().toArray(), 50));
        long[] f = toFirst.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] l = toLast.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("  of which: weight committed -> first cluster's confirmation handled p50 %d ms (p99 %d ms);"
                + " -> last cluster's p50 %d ms (p99 %d ms)%n", pct(f, 50), pct(f, 99), pct(l, 50), pct(l, 99));
        System.out.println("goal: step overhead p99 <= 500 ms beyond the configured pauses, with 100 clusters");
        agents.forEach(Agent::stop);
        System.exit(0);
    }

    /** The rollout's events from its SSE stream, up to its finishing event. */
    public static List<JsonNode> eventsUntilFinished(HttpClient http, String token, String url) throws Exception {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        List<JsonNode> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            var it = lines.iterator();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (it.hasNext() && System.nanoTime() < deadline) {
                String line = it.next();
                if (line.startsWith("data:")) {
                    JsonNode e = JSON.readTree(line.substring(5).trim());
                    events.add(e);
                    String type = e.path("type").asText();
                    if (type.equals("succeeded") || type.equals("failed") || type.equals("aborted")) {
                        break;
                    }
                }
            }
        }
        return events;
    }
}
