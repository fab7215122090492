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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Intent PUT/GET benchmark against a running Meshfleet server, 16 concurrent clients (each its own mesh, so PUTs are not
 * serialised on one mesh lock). JDK only; scripts/bench-intent runs it from the compiled test classes:
 *
 * <pre>java -cp target/test-classes dev.meshfleet.bench.IntentApiBench [baseUrl] [seconds]</pre>
 *
 * The token comes from MESHFLEET_TOKEN (scripts/bench-intent makes one for the packaged server it starts), or from
 * the dev server's /dev/token?user=alice. Prints throughput and latency percentiles and, given the server's pid
 * (MESHFLEET_BENCH_SERVER_PID), its CPU per request, how much of that its JIT compilers took, and its cores by
 * thread. Goals (issues #2 and #15): GET p99 <= 10 ms at
 * 1,000 requests/s offered (open loop); >= 500 new revisions/s.
 */
public class IntentApiBench {
    static final int CLIENTS = 16;

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).build();
        String token = System.getenv("MESHFLEET_TOKEN");
        if (token == null) {
            token = http.send(HttpRequest.newBuilder(URI.create(base + "/dev/token?user=alice")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        String auth = "Bearer " + token;
        // the example names its mesh "payments"; the bench meshes are m0..m15
        String seed = Files.readString(Path.of("deploy/examples/payments-mesh.yaml")).replace("  name: payments\n", "");
        String tenant = "bench-" + System.currentTimeMillis() % 1_000_000;

        send(http, auth, "POST", base + "/api/v1/tenants", "application/json", "{\"name\":\"" + tenant + "\"}", null, 201);
        for (int i = 0; i < CLIENTS; i++) {
            String mesh = "{\"name\":\"m" + i + "\",\"trustDomain\":\"cluster.local\"}";
            send(http, auth, "POST", base + "/api/v1/tenants/" + tenant + "/meshes", "application/json", mesh, null, 201);
        }
        String meshes = base + "/api/v1/tenants/" + tenant + "/meshes/m";
        System.out.printf("Meshfleet intent API benchmark: %d clients, %d s per phase, %s, %d cores%n", CLIENTS, seconds,
                base, Runtime.getRuntime().availableProcessors());

        // Warm-up: on 2 cores the JIT compilers compete with the server for a good while after start.
        int warmup = Integer.parseInt(System.getenv().getOrDefault("MESHFLEET_BENCH_WARMUP", "20"));
        // MESHFLEET_BENCH_ONLY=put or get runs one side (to profile it alone); by default both
        String only = System.getenv().getOrDefault("MESHFLEET_BENCH_ONLY", "");
        Call get = (client, n) -> send(http, auth, "GET", meshes + client + "/intent", null, null, null, 200);
        run(CLIENTS, warmup, 0, (client, n) -> put(http, auth, client, meshes + client, seed, n));
        Result puts = null;
        if (!only.equals("get")) {
            puts = run(CLIENTS, seconds, 0, (client, n) -> put(http, auth, client, meshes + client, seed, n));
            puts.print("PUT intent (each a new revision)");
        }
        Result gets = null;
        if (!only.equals("put")) {
            run(CLIENTS, warmup, 0, get);
            Result saturated = run(CLIENTS, seconds, 0, get);
            saturated.print("GET intent, as fast as possible");
            // Open loop: requests leave at 1,000/s on schedule whatever the server's answers do, and latency counts from
            // each request's scheduled start, so a stall shows in full (no coordinated omission).
            String meshPath = URI.create(meshes).getPath();
            gets = openLoop(URI.create(base), auth, seconds, 1000, n -> meshPath + (n % CLIENTS) + "/intent");
            gets.print("GET intent, open loop at 1000 req/s");
        }
        if (puts != null && gets != null) {
            System.out.printf("goals: GET p99 <= 10 ms at >= 1000 req/s -> %s; >= 500 revisions/s -> %s%n",
                    // the open loop offers exactly 1,000 req/s; allow for the last in-flight requests at the cut-off
                    gets.p(99) <= 10 && gets.rate() >= 990 ? "met" : "NOT met", puts.rate() >= 500 ? "met" : "NOT met");
        }
        String resultFile = System.getenv("MESHFLEET_BENCH_RESULT");
        if (resultFile != null && puts != null) {
            Files.writeString(Path.of(resultFile), String.format(java.util.Locale.ROOT, "%.1f%n", puts.rate()));
        }
        System.exit(0);
    }

    private static final String[] ETAGS = new String[CLIENTS];

    /** Each PUT shifts the canary weight, so every one is a new revision. */
    static void put(HttpClient http, String auth, int client, String mesh, String seed, long n) throws Exception {
        int weight = (int) (n % 99) + 1;
        String body = seed.replace("weight: 90", "weight: STABLE").replace("weight: 10", "weight: " + weight)
                .replace("weight: STABLE", "weight: " + (100 - weight));
        HttpResponse<String> response = send(http, auth, "PUT", mesh + "/intent", "application/yaml", body, ETAGS[client], 0);
        if (response.statusCode() == 201 || response.statusCode() == 200) {
            ETAGS[client] = response.headers().firstValue("ETag").orElseThrow();
        } else {
            throw new IllegalStateException("PUT answered " + response.statusCode() + ": " + response.body());
        }
    }

    static HttpResponse<String> send(HttpClient http, String auth, String method, String url, String type, String body,
            String ifMatch, int expect) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (expect != 0 && response.statusCode() != expect) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    /**
     * Sends {@code rate} GETs a second on a fixed schedule for the given time whatever the answers (OpenLoopHttp, 64
     * keep-alive connections), timing each from its scheduled start to its full answer.
     */
    static Result openLoop(URI base, String auth, int seconds, int rate, java.util.function.LongFunction<String> path)
            throws Exception {
        ThreadCpu cpu = serverCpu();
        double own = ownCpuMillis();
        long start = System.nanoTime() + OpenLoopHttp.LEAD_NANOS;
        long[] latencies = OpenLoopHttp.run(base, auth, rate, seconds, 64, path);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        if (ok.length < latencies.length) {
            System.err.println((latencies.length - ok.length) + " requests failed");
        }
        // the rate offered, which the server kept up with when every request answered
        return new Result(ok, Math.max(elapsed, seconds), ServerCpu.since(cpu, elapsed),
                (ownCpuMillis() - own) / 1000 / elapsed);
    }

    interface Call {
        void run(int client, long n) throws Exception;
    }

    /** The server's threads' CPU so far (MESHFLEET_BENCH_SERVER_PID: scripts/bench-intent sets it), or null. */
    static ThreadCpu serverCpu() {
        String pid = System.getenv("MESHFLEET_BENCH_SERVER_PID");
        return pid == null ? null : ThreadCpu.snapshot(List.of(Long.parseLong(pid)));
    }

    /** What the server's threads did during a phase: all of them, its JIT compilers, and the largest by thread. */
    record ServerCpu(double millis, double compilerMillis, String byThread) {
        static ServerCpu since(ThreadCpu before, double seconds) {
            if (before == null) {
                return null;
            }
            ThreadCpu now = serverCpu();
            return new ServerCpu(now.millisSince(before, group -> true),
                    // "C1 CompilerThre", "C2 CompilerThre" (thread names are cut at 15 characters)
                    now.millisSince(before, group -> group.contains("CompilerThre")), now.since(before, seconds, 6));
        }
    }

    /** This benchmark's own CPU time so far, in ms: the load generator shares the server's cores. */
    static double ownCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
    }

    record Result(long[] latenciesMicros, double seconds, ServerCpu server, double clientCores) {

        double rate() {
            return latenciesMicros.length / seconds;
        }

        double p(double percentile) {
            if (latenciesMicros.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * latenciesMicros.length) - 1;
            return latenciesMicros[Math.max(0, Math.min(index, latenciesMicros.length - 1))] / 1000.0;
        }

        void print(String what) {
            int n = Math.max(1, latenciesMicros.length);
            System.out.printf("%-36s %6.0f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (n=%d)%s%n",
                    what, rate(), p(50), p(90), p(99), p(100), latenciesMicros.length, server == null ? ""
                            : String.format(java.util.Locale.ROOT, "  server CPU %.2f ms/req (JIT compilers %.2f)",
                                    server.millis() / n, server.compilerMillis() / n));
            if (server != null) {
                System.out.println("  server: " + server.byThread());
            }
            System.out.printf(java.util.Locale.ROOT, "  load generator (this JVM): %.2f cores%n", clientCores);
        }
    }

    /** Runs the clients for the given time; with a total rate above 0, each client is paced to its share of it. */
    static Result run(int clients, int seconds, int totalRate, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong failures = new AtomicLong();
        List<Future<List<Long>>> futures = new ArrayList<>();
        ThreadCpu cpu = serverCpu();
        double own = ownCpuMillis();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                long interval = totalRate > 0 ? 1_000_000_000L * clients / totalRate : 0;
                long next = System.nanoTime() + (interval * client) / clients;
                for (long n = 0; System.nanoTime() < end; n++) {
                    if (interval > 0) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    long t0 = interval > 0 ? next : System.nanoTime();
                    next += interval;
                    try {
                        call.run(client, n);
                        latencies.add((System.nanoTime() - t0) / 1000);
                    } catch (Exception e) {
                        if (failures.incrementAndGet() < 5) {
                            System.err.println("request failed: " + e.getMessage());
                        }
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        if (failures.get() > 0) {
            System.err.println(failures.get() + " requests failed");
        }
        return new Result(sorted, elapsed, ServerCpu.since(cpu, elapsed),
                (ownCpuMillis() - own) / 1000 / elapsed);
    }
}
