package dev.meshfleet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.agent.Agent;
import dev.meshfleet.agent.AgentClient;
import dev.meshfleet.agent.InMemoryClusterStore;
import dev.meshfleet.support.Seeds;

/**
 * Fleet benchmark (issue #4): N in-process agents, each with an in-memory cluster behind the same ClusterStore
 * interface as the real agent (same reconcile, prune and report code), against one real server started by
 * scripts/bench-fleet. For each round: from the intent PUT's commit (its response) to every agent having applied and
 * reported the new revision. Prints p50/p99/max per N, server CPU and RSS, and server memory per connected agent.
 */
public class FleetBench {
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
        // the server; or several, comma-separated: the API is called on the first, agents dial them in turn
        String base = args[0];
        // one server, or the replicas behind a load balancer (pids comma-separated): CPU and memory are their sums
        List<Long> serverPids = Arrays.stream(args[1].split(",")).map(Long::parseLong).toList();
        int rounds = Integer.parseInt(System.getenv().getOrDefault("MESHFLEET_BENCH_ROUNDS", "10"));
        // changes made before the measured ones: the replicas start with the benchmark, and their JIT compilers were
        // still taking half of their CPU during the first ten changes after the cold one (ThreadCpu)
        int warmUps = Math.max(1, Integer.parseInt(System.getenv().getOrDefault("MESHFLEET_BENCH_WARMUP", "1")));
        List<Integer> sizes = args.length > 2 ? Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList()
                : List.of(10, 100, 1000);
        String token = System.getenv("MESHFLEET_TOKEN");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String seed = Files.readString(Path.of("deploy/examples/payments-mesh.yaml"));
        System.out.printf("Meshfleet fleet benchmark: %d rounds per fleet size, %d cores, server pids %s; agents on %s "
                + "threads (Java %s)%n", rounds, Runtime.getRuntime().availableProcessors(), serverPids,
                SimulatorThreads.virtual() ? "virtual" : "platform", Runtime.version().feature());
        for (int n : sizes) {
            run(http, base, token, seed, n, rounds, warmUps, serverPids);
        }
        System.out.println("goals: p99 <= 1 s at 1,000 clusters; <= 100 KiB server memory per connected agent");
        System.exit(0);
    }

    static void run(HttpClient http, String base, String token, String seed, int n, int rounds, int warmUps,
            List<Long> pid) throws Exception {
        String tenant = "fleet-" + n + "-" + (System.currentTimeMillis() % 100000);
        String apiBase = base.split(",")[0];
        send(http, token, "POST", apiBase + "/api/v1/tenants", "{\"name\":\"" + tenant + "\"}", null, 201);
        String api = apiBase + "/api/v1/tenants/" + tenant;
        send(http, token, "POST", api + "/meshes",
                "{\"name\":\"payments\",\"trustDomain\":\"cluster.local\",\"placement\":{\"matchLabels\":{\"fleet\":\"bench\"}}}",
                null, 201);
        String intent = api + "/meshes/payments/intent";
        int revision = send(http, token, "PUT", intent, seed, null, 201).path("number").asInt();

        // register N clusters (in parallel, bounded), then start N agents sharing one HTTP client
        ExecutorService pool = Executors.newFixedThreadPool(16);
        long registering = System.nanoTime();
        List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            tokens.add(pool.submit(() -> send(http, token, "POST", api + "/clusters",
                    "{\"name\":\"c" + index + "\",\"labels\":{\"fleet\":\"bench\",\"index\":\"" + index + "\"}}", null, 201)
                    .path("bootstrapToken").asText()));
        }
        for (Future<String> registered : tokens) {
            registered.get(); // every cluster registered before the servers' memory is read without agents
        }
        System.out.printf("N=%-5d %d clusters registered through the API in %.1f s%n", n, n,
                (System.nanoTime() - registering) / 1e9);
        System.gc();
        long rssBefore = rssKiB(pid);
        long heapBefore = liveHeapKiB(pid);
        long connecting = System.nanoTime();
        SchedulingLag lag = new SchedulingLag().start(SimulatorThreads.readers("lag-probe"));
        SchedulingLag workerLag = new SchedulingLag().start(SimulatorThreads.factory("lag-probe"));
        List<Agent> agents = startAgents(base, tokens);
        pool.shutdown();
        // a bound that grows with the fleet: 10,000 agents connecting on 2 cores take minutes
        awaitAll(agents, revision, Duration.ofSeconds(120).plusMillis(30L * n));
        System.out.printf("N=%-5d agents started, registered, connected and applied the first revision in %.1f s "
                + "(simulator scheduling lag up to %d ms for stream readers, %d ms for sync workers)%n", n,
                (System.nanoTime() - connecting) / 1e9, lag.takeMaxMillis(), workerLag.takeMaxMillis());
        long rssConnected = rssKiB(pid);
        long heapConnected = liveHeapKiB(pid);

        System.out.printf("N=%-5d connected: %d agents applied revision %d; changes start%n", n, n, revision);
        long cpuBefore = cpuTicks(pid);
        ThreadCpu serverThreadsBefore = ThreadCpu.snapshot(pid);
        List<Long> simulator = List.of(ProcessHandle.current().pid());
        ThreadCpu simulatorThreadsBefore = ThreadCpu.snapshot(simulator);
        long simulatorCpuBefore = cpuTicks(ProcessHandle.current().pid());
        long[] machineBefore = machineTicks();
        long wallBefore = System.nanoTime();
        // (all are reset after the warm-up changes)
        List<Long> latencies = new ArrayList<>();
        List<Long> fleetTimes = new ArrayList<>();
        List<Long> warmUpRounds = new ArrayList<>();
        long maxLag = 0;
        long maxWorkerLag = 0;
        for (int round = -warmUps; round < rounds; round++) {
            int weight = 1 + Math.floorMod(round, 98);
            String body = Seeds.withCanaryWeight(seed, weight);
            JsonNode created = send(http, token, "PUT", intent, body, "\"" + revision + "\"", 201);
            long committed = System.nanoTime();
            revision = created.path("number").asInt();
            long[] seen = new long[n];
            int remaining = n;
            long deadline = committed + changeBound(n).toNanos();
            while (remaining > 0 && System.nanoTime() < deadline) {
                for (int i = 0; i < n; i++) {
                    if (seen[i] == 0 && Integer.valueOf(revision).equals(agents.get(i).appliedRevision("payments"))) {
                        seen[i] = System.nanoTime();
                        remaining--;
                    }
                }
                // 10 ms resolution: a tighter loop over every agent was a quarter of the simulator's CPU (JFR)
                Thread.sleep(10);
            }
            long roundLag = lag.takeMaxMillis();
            long roundWorkerLag = workerLag.takeMaxMillis();
            maxLag = Math.max(maxLag, round < 0 ? 0 : roundLag);
            maxWorkerLag = Math.max(maxWorkerLag, round < 0 ? 0 : roundWorkerLag);
            long last = 0;
            for (long s : seen) {
                if (s == 0) {
                    throw new IllegalStateException(remaining + " agents did not apply revision " + revision + " within "
                            + changeBound(n).toSeconds() + " s (simulator scheduling lag up to " + roundLag
                            + " ms for stream readers, " + roundWorkerLag + " ms for sync workers)");
                }
                last = Math.max(last, s - committed);
            }
            if (round < 0) {
                // the first changes after the fleet connected run cold code paths and caches: reported apart
                warmUpRounds.add(last / 1_000_000);
                cpuBefore = cpuTicks(pid);
                serverThreadsBefore = ThreadCpu.snapshot(pid);
                simulatorThreadsBefore = ThreadCpu.snapshot(simulator);
                simulatorCpuBefore = cpuTicks(ProcessHandle.current().pid());
                machineBefore = machineTicks();
                wallBefore = System.nanoTime();
                Thread.sleep(200);
                continue;
            }
            for (long s : seen) {
                latencies.add((s - committed) / 1_000_000);
            }
            fleetTimes.add(last / 1_000_000);
            Thread.sleep(200); // let reports settle before the next round
        }
        double seconds = (System.nanoTime() - wallBefore) / 1e9;
        double cpu = (cpuTicks(pid) - cpuBefore) / 100.0 / seconds; // USER_HZ = 100
        String serverThreads = ThreadCpu.snapshot(pid).since(serverThreadsBefore, seconds, 10);
        // JFR samples only threads running Java code: carriers of virtual threads, not the JIT, GC or the kernel
        String simulatorThreads = ThreadCpu.snapshot(simulator).since(simulatorThreadsBefore, seconds, 8);
        // what the in-process fleet itself took of the same cores: on one machine it competes with the servers
        double simulatorCpu = (cpuTicks(ProcessHandle.current().pid()) - simulatorCpuBefore) / 100.0 / seconds;
        long[] machineAfter = machineTicks();
        double machineBusy = (machineAfter[0] - machineBefore[0]) / (double) (machineAfter[1] - machineBefore[1]);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] fleet = fleetTimes.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("N=%-5d warm-up changes (not counted): whole fleet in %s ms%n", n, warmUpRounds);
        System.out.printf("N=%-5d simulator scheduling lag during the measured changes: up to %d ms for stream readers "
                + "(agents take a server for dead after two heartbeat periods of silence), %d ms for sync workers%n", n,
                maxLag, maxWorkerLag);
        System.out.printf("N=%-5d per-agent apply latency p50 %5d ms  p99 %5d ms  max %5d ms | whole fleet p50 %5d ms"
                + "  max %5d ms | server CPU %.2f cores (simulator %.2f), RSS %,d KiB (%,d KiB before agents) = %.1f KiB per agent%n",
                n, pct(sorted, 50), pct(sorted, 99), sorted[sorted.length - 1], pct(fleet, 50), fleet[fleet.length - 1], cpu,
                simulatorCpu, rssConnected, rssBefore, (rssConnected - rssBefore) / (double) n);
        System.out.printf("         the servers' CPU during the measured changes: %s%n", serverThreads);
        System.out.printf("         the simulator's: %s%n", simulatorThreads);
        // per change rather than per second: comparable between runs whose changes took different times
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("         CPU per measured change (pauses between changes included): replicas %.0f ms, simulator %.0f ms,"
                + " whole machine %.0f ms; the machine was %.0f %% busy (%d cores)%n", cpu * seconds * 1000 / rounds,
                simulatorCpu * seconds * 1000 / rounds, machineBusy * cores * seconds * 1000 / rounds, machineBusy * 100, cores);
        if (heapBefore > 0 && heapConnected > 0) {
            System.out.printf("         live heap after full GC: %,d KiB -> %,d KiB with the agents = %.1f KiB per agent%n",
                    heapBefore, heapConnected, (heapConnected - heapBefore) / (double) n);
        }
        long retried = agents.stream().mapToLong(Agent::retries).sum();
        if (retried > 0) {
            System.out.printf("         %d sync passes were retried; last error: %s%n", retried, agents.stream()
                    .map(Agent::lastError).filter(java.util.Objects::nonNull).findFirst().orElse("-"));
        }
        agents.forEach(Agent::stop);
        Thread.sleep(500);
    }

    /** Registers clusters c0..c(n-1) (label index=i), 16 at a time, and starts an in-process agent for each. */
    public static List<Agent> registerAndStartAgents(HttpClient http, String token, String base, String api, int n)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                tokens.add(pool.submit(() -> send(http, token, "POST", api + "/clusters",
                        "{\"name\":\"c" + index + "\",\"labels\":{\"index\":\"" + index + "\"}}", null, 201)
                        .path("bootstrapToken").asText()));
            }
            return startAgents(base, tokens);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Starts an in-process agent (in-memory cluster, the real agent code) per bootstrap token: on virtual threads when the
     * JVM has them, else on small-stack platform threads ({@link SimulatorThreads}).
     */
    public static List<Agent> startAgents(String base, List<Future<String>> bootstrapTokens) throws Exception {
        String[] servers = base.split(",");
        List<Agent> agents = new ArrayList<>();
        java.util.concurrent.ThreadFactory syncWorkers = SimulatorThreads.factory("agent-sync");
        java.util.concurrent.ThreadFactory streamReaders = SimulatorThreads.readers("agent-stream");
        // one JDK HTTP client per 50 agents (each client has a single selector thread); 2,000 blocking calls in flight
        // at most across all (a limit only from 2,000 agents on: see ConnectionLimitedHttpClient)
        int clients = (bootstrapTokens.size() + 49) / 50;
        int callsPerClient = Math.max(1, 2000 / Math.max(1, clients));
        HttpClient client = null;
        for (Future<String> t : bootstrapTokens) {
            if (agents.size() % 50 == 0) {
                client = new ConnectionLimitedHttpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .build(), callsPerClient);
            }
            Agent agent = new Agent(new AgentClient(client, servers[agents.size() % servers.length], null),
                    InMemoryClusterStore.currentIstio(), t.get(), c -> {
                    }, 5_000, syncWorkers);
            agents.add(agent);
            streamReaders.newThread(agent).start();
        }
        return agents;
    }

    /**
     * How long one change may take to reach the whole fleet: 60 s plus 10 ms per agent, or
     * {@code MESHFLEET_BENCH_CHANGE_BOUND} seconds (10,000 agents on 2 shared cores need more than the default).
     */
    static Duration changeBound(int n) {
        String bound = System.getenv("MESHFLEET_BENCH_CHANGE_BOUND");
        return bound != null ? Duration.ofSeconds(Long.parseLong(bound)) : Duration.ofSeconds(60).plusMillis(10L * n);
    }

    static long pct(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static void awaitAll(List<Agent> agents, int revision, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (agents.stream().allMatch(a -> Integer.valueOf(revision).equals(a.appliedRevision("payments")))) {
                return;
            }
            Thread.sleep(50);
        }
        long done = agents.stream().filter(a -> Integer.valueOf(revision).equals(a.appliedRevision("payments"))).count();
        throw new IllegalStateException("only " + done + " of " + agents.size() + " agents applied revision " + revision);
    }

    static long rssKiB(List<Long> pids) throws Exception {
        long sum = 0;
        for (long pid : pids) {
            sum += rssKiB(pid);
        }
        return sum;
    }

    static long liveHeapKiB(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            long heap = liveHeapKiB(pid);
            if (heap < 0) {
                return -1;
            }
            sum += heap;
        }
        return sum;
    }

    static long cpuTicks(List<Long> pids) throws Exception {
        long sum = 0;
        for (long pid : pids) {
            sum += cpuTicks(pid);
        }
        return sum;
    }

    static long rssKiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The server's live heap after a full GC (jcmd GC.run, then GC.heap_info's "used"), or -1 without jcmd. */
    /**
     * The server's live heap: the class histogram of live objects, which jcmd takes after a full GC and sums in one
     * pause (reading the heap's use after a separate GC.run also counted what a loaded server allocated in between).
     */
    static long liveHeapKiB(long pid) {
        try {
            Process histogram = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out = new String(histogram.getInputStream().readAllBytes());
            histogram.waitFor();
            var total = java.util.regex.Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(out);
            return total.find() ? Long.parseLong(total.group(1)) / 1024 : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** The whole machine's busy and total CPU ticks so far, from /proc/stat's first line (iowait counts as idle). */
    static long[] machineTicks() throws Exception {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        long total = 0;
        for (int i = 1; i <= 8 && i < f.length; i++) { // user nice system idle iowait irq softirq steal
            long ticks = Long.parseLong(f[i]);
            total += ticks;
            busy += i == 4 || i == 5 ? 0 : ticks;
        }
        return new long[] { busy, total };
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
    }

    static JsonNode send(HttpClient http, String token, String method, String url, String body, String ifMatch, int expect)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", body != null && body.startsWith("{") ? "application/json" : "application/yaml");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expect) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

}
