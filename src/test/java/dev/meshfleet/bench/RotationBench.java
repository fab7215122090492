package dev.meshfleet.bench;

import static dev.meshfleet.bench.FleetBench.pct;
import static dev.meshfleet.bench.FleetBench.send;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.agent.Agent;
import dev.meshfleet.agent.AgentClient;
import dev.meshfleet.agent.InMemoryClusterStore;

/**
 * Root rotation benchmark (issue 12): N in-process agents (the real agent code, in-memory clusters with an in-memory
 * istiod that reloads when cacerts' bytes change) against one real server (scripts/bench-rotation), rotating A -> B.
 * Per phase it prints the time from the engine entering the phase to leaving it, and that time beyond the agents'
 * trust report interval (what a phase cannot beat: each agent looks at least that often, and also on a nudge). Times
 * are the server's own event timestamps. SOAK is the bench profile's fixed 1 s wait, shown for completeness.
 */
public class RotationBench {
    public static void main(String[] args) throws Exception {
        dev.meshfleet.support.QuietJdkLogging.apply(); // before any HTTP client is made
        String base = args[0];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 100; // args[1]: the server's pid (scripts/bench-server.sh)
        long interval = Long.parseLong(System.getenv().getOrDefault("MESHFLEET_BENCH_TRUST_INTERVAL_MS", "1000"));
        int rounds = Integer.parseInt(System.getenv().getOrDefault("MESHFLEET_BENCH_ROUNDS", "3"));
        String token = System.getenv("MESHFLEET_TOKEN");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.printf("Meshfleet root rotation benchmark: %d clusters, trust report interval %d ms, %d rotations "
                + "(each to a fresh root), %d cores%n", n, interval, rounds, Runtime.getRuntime().availableProcessors());

        String tenant = "rotation-" + (System.currentTimeMillis() % 100000);
        send(http, token, "POST", base + "/api/v1/tenants", "{\"name\":\"" + tenant + "\"}", null, 201);
        String api = base + "/api/v1/tenants/" + tenant;
        send(http, token, "POST", api + "/meshes", "{\"name\":\"payments\",\"trustDomain\":\"bench.example.org\"}", null,
                201);
        String trust = api + "/meshes/payments/trust";
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            tokens.add(pool.submit(() -> send(http, token, "POST", api + "/clusters", "{\"name\":\"c" + index + "\"}",
                    null, 201).path("bootstrapToken").asText()));
        }
        List<Agent> agents = new ArrayList<>();
        HttpClient client = null;
        for (Future<String> t : tokens) {
            if (agents.size() % 50 == 0) {
                client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            }
            InMemoryClusterStore store = InMemoryClusterStore.currentIstio();
            store.readyForMultiRoot();
            Agent agent = new Agent(new AgentClient(client, base, null), store, t.get(), c -> {
            }, 5_000).keepTrust(interval, "istiod.istio-system.svc:15012");
            agents.add(agent);
            Thread thread = new Thread(null, agent, "agent", 256 * 1024);
            thread.setDaemon(true);
            thread.start();
        }
        pool.shutdown();
        String rootA = send(http, token, "POST", trust + "/roots", "{}", null, 201).path("id").asText();
        String shaA = send(http, token, "GET", trust + "/roots/" + rootA, null, null, 200).path("sha256").asText();
        awaitAllOn(agents, shaA, Duration.ofMinutes(3));

        List<String> phases = List.of("ADD_ROOT", "REISSUE", "VERIFY", "SOAK", "DROP_OLD");
        List<List<Long>> perPhase = new ArrayList<>();
        phases.forEach(p -> perPhase.add(new ArrayList<>()));
        List<Long> totals = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // each rotation goes to a fresh root (the one it leaves retires)
            String to = send(http, token, "POST", trust + "/roots", "{}", null, 201).path("id").asText();
            String id = send(http, token, "POST", trust + "/rotations", "{\"toRoot\":\"" + to + "\"}", null, 201)
                    .path("id").asText();
            JsonNode rotation = awaitFinished(http, token, trust + "/rotations/" + id, Duration.ofMinutes(10));
            if (!rotation.path("status").asText().equals("COMPLETED")) {
                throw new IllegalStateException("rotation " + id + " ended " + rotation.path("status"));
            }
            List<OffsetDateTime> entered = new ArrayList<>();
            OffsetDateTime end = null;
            for (JsonNode e : rotation.path("events")) {
                if (e.path("type").asText().equals("phase")) {
                    entered.add(OffsetDateTime.parse(e.path("at").asText()));
                } else if (e.path("type").asText().equals("completed")) {
                    end = OffsetDateTime.parse(e.path("at").asText());
                }
            }
            entered.add(end);
            StringBuilder line = new StringBuilder();
            for (int p = 0; p < phases.size(); p++) {
                long ms = Duration.between(entered.get(p), entered.get(p + 1)).toMillis();
                perPhase.get(p).add(ms);
                line.append(String.format(" %s %d ms", phases.get(p), ms));
            }
            long total = Duration.between(entered.get(0), end).toMillis();
            totals.add(total);
            System.out.printf("rotation %d:%s; total %d ms%n", round + 1, line, total);
        }
        System.out.printf("N=%d, per phase (engine entered -> left), median over %d rotations, and beyond the %d ms report"
                + " interval:%n", n, rounds, interval);
        for (int p = 0; p < phases.size(); p++) {
            long[] sorted = perPhase.get(p).stream().mapToLong(Long::longValue).sorted().toArray();
            long median = pct(sorted, 50);
            System.out.printf("  %-9s p50 %6d ms  max %6d ms  beyond interval %6d ms%s%n", phases.get(p), median,
                    sorted[sorted.length - 1], median - interval, phases.get(p).equals("SOAK") ? "  (fixed wait)" : "");
        }
        System.out.printf("  whole rotation p50 %d ms%n", pct(totals.stream().mapToLong(Long::longValue).sorted()
                .toArray(), 50));
        agents.forEach(Agent::stop);
        System.exit(0);
    }

    private static void awaitAllOn(List<Agent> agents, String rootSha, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (agents.stream().allMatch(a -> a.trust().lastReport().filter(r -> rootSha.equals(r.cacertsIssuerSha256())
                    && r.istiodIntermediateSha256() != null).isPresent())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("not every cluster got an intermediate from the first root in time");
    }

    private static JsonNode awaitFinished(HttpClient http, String token, String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode rotation = send(http, token, "GET", url, null, null, 200);
            if (!rotation.path("status").asText().matches("RUNNING|PAUSED")) {
                return rotation;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("rotation did not finish in time: " + url);
    }
}
