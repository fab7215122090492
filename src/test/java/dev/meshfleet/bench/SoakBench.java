package dev.meshfleet.bench;

import static dev.meshfleet.bench.FleetBench.send;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.meshfleet.agent.Agent;
import dev.meshfleet.support.Seeds;

/**
 * Soak (scale-out issue): N in-process agents through HAProxy to three replicas ({@code scripts/ha}, bench profile),
 * plus API load for the given minutes: an intent PUT every 2 s, 20 GETs a second (intent, status, clusters), and a
 * 10-step rollout started whenever none runs. Every request must succeed (any other status is an error, counted and
 * printed). Every 30 s, per replica: live heap after a full GC, threads and open descriptors, printed as the curve;
 * at the end the first and last samples side by side.
 */
public class SoakBench {
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
        List<Long> pids = Arrays.stream(args[1].split(",")).map(Long::parseLong).toList();
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int minutes = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String token = System.getenv("MESHFLEET_TOKEN");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String seed = Files.readString(Path.of("deploy/examples/payments-mesh.yaml"));
        System.out.printf("Meshfleet soak: %d agents through HAProxy to 3 replicas, API load, %d minutes%n", n, minutes);
        String tenant = "soak-" + (System.currentTimeMillis() % 100000);
        send(http, token, "POST", base + "/api/v1/tenants", "{\"name\":\"" + tenant + "\"}", null, 201);
        String api = base + "/api/v1/tenants/" + tenant;
        send(http, token, "POST", api + "/meshes", "{\"name\":\"payments\",\"trustDomain\":\"cluster.local\"}", null, 201);
        String intent = api + "/meshes/payments/intent";
        int revision = send(http, token, "PUT", intent, seed, null, 201).path("number").asInt();
        List<Agent> agents = FleetBench.registerAndStartAgents(http, token, base, api, n);
        FleetBench.awaitAll(agents, revision, Duration.ofSeconds(180));

        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> lastError = new AtomicReference<>("-");
        long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
        List<Thread> load = new ArrayList<>();
        AtomicLong writes = new AtomicLong();
        StringBuilder steps = new StringBuilder();
        for (int w = 10; w <= 100; w += 10) {
            steps.append(steps.length() == 0 ? "" : ",").append("{\"setWeight\":").append(w).append('}');
        }
        // one writer, so a PUT never races a rollout's start (the rollout holds the routes while it runs)
        load.add(loop("writes", end, 2000, () -> {
            var active = send(http, token, "GET", api + "/meshes/payments/rollouts?status=active", null, null, 200);
            if (!active.path("items").isEmpty()) {
                return;
            }
            long k = writes.incrementAndGet();
            int current = send(http, token, "GET", api + "/meshes/payments/status", null, null, 200)
                    .path("currentRevision").asInt();
            int w = 1 + (int) (k % 98);
            // through a placeholder: replacing 90 first and then 10 turned 90/10 into 90/90 whenever w was 90
            send(http, token, "PUT", intent, Seeds.withCanaryWeight(seed, w), "\"" + current + "\"", 201);
            if (k % 5 == 0) {
                send(http, token, "POST", api + "/meshes/payments/rollouts", "{\"services\":[\"payment-service\"],"
                        + "\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"steps\":[" + steps + "]}", null, 201);
            }
        }, requests, errors, lastError));
        for (String path : List.of("/meshes/payments/intent", "/meshes/payments/status", "/clusters?limit=100")) {
            load.add(loop("get", end, 150, () -> send(http, token, "GET", api + path, null, null, 200), requests, errors,
                    lastError));
        }
        load.forEach(Thread::start);
        System.out.println("minute  replica  live-heap-KiB  threads  fds");
        List<long[]> first = null;
        List<long[]> last = null;
        List<List<double[]>> heapAfterWarmUp = new ArrayList<>(); // per replica: (minute, live heap KiB)
        pids.forEach(p -> heapAfterWarmUp.add(new ArrayList<>()));
        long started = System.nanoTime();
        while (System.nanoTime() < end) {
            List<long[]> sample = new ArrayList<>();
            for (int r = 0; r < pids.size(); r++) {
                long pid = pids.get(r);
                long[] s = { FleetBench.liveHeapKiB(pid), threads(pid), fds(pid) };
                sample.add(s);
                System.out.printf("%6.1f  %7d  %13d  %7d  %3d%n", (System.nanoTime() - started) / 60e9, r + 1, s[0], s[1], s[2]);
            }
            // first: after two minutes of load, once the JIT, pools and caches have warmed up
            double minute = (System.nanoTime() - started) / 60e9;
            first = first == null && minute >= 2 ? sample : first;
            if (minute >= 2) {
                for (int r = 0; r < pids.size(); r++) {
                    heapAfterWarmUp.get(r).add(new double[] { minute, sample.get(r)[0] });
                }
            }
            last = sample;
            Thread.sleep(30_000);
        }
        for (Thread t : load) {
            t.join();
        }
        first = first == null ? last : first; // a soak shorter than the warm-up
        for (int r = 0; r < pids.size(); r++) {
            System.out.printf("replica %d, minute 2 -> end: live heap %d -> %d KiB (least-squares trend %+.0f KiB/min), "
                    + "threads %d -> %d, descriptors %d -> %d%n", r + 1, first.get(r)[0], last.get(r)[0],
                    trendPerMinute(heapAfterWarmUp.get(r)), first.get(r)[1], last.get(r)[1], first.get(r)[2], last.get(r)[2]);
        }
        System.out.printf("%d API requests, %d errors (last: %s); %d intent writes%n", requests.get(), errors.get(),
                lastError.get(), writes.get());
        // nothing lost: once the last rollout ended, every agent applied the mesh's final revision
        long settle = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!send(http, token, "GET", api + "/meshes/payments/rollouts?status=active", null, null, 200).path("items")
                .isEmpty() && System.nanoTime() < settle) {
            Thread.sleep(500);
        }
        var rollouts = send(http, token, "GET", api + "/meshes/payments/rollouts?limit=500", null, null, 200).path("items");
        java.util.Map<String, Integer> phases = new java.util.TreeMap<>();
        rollouts.forEach(r -> phases.merge(r.path("phase").asText(), 1, Integer::sum));
        int finalRevision = send(http, token, "GET", api + "/meshes/payments/status", null, null, 200)
                .path("currentRevision").asInt();
        boolean converged = true;
        try {
            FleetBench.awaitAll(agents, finalRevision, Duration.ofSeconds(120));
        } catch (IllegalStateException e) {
            converged = false;
            System.out.println(e.getMessage());
        }
        System.out.printf("rollouts by phase: %s; final revision %d applied by every agent: %s%n", phases, finalRevision,
                converged);
        agents.forEach(Agent::stop);
        System.exit(errors.get() == 0 && converged ? 0 : 1);
    }

    /** Least-squares slope of (minute, KiB) samples: what a steady leak would show, less moved by one sample's GC luck. */
    static double trendPerMinute(List<double[]> samples) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double meanX = samples.stream().mapToDouble(s -> s[0]).average().orElse(0);
        double meanY = samples.stream().mapToDouble(s -> s[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] s : samples) {
            num += (s[0] - meanX) * (s[1] - meanY);
            den += (s[0] - meanX) * (s[0] - meanX);
        }
        return den == 0 ? 0 : num / den;
    }

    interface Call {
        void run() throws Exception;
    }

    private static Thread loop(String name, long end, long everyMillis, Call call, AtomicLong requests, AtomicLong errors,
            AtomicReference<String> lastError) {
        return new Thread(() -> {
            while (System.nanoTime() < end) {
                long next = System.nanoTime() + everyMillis * 1_000_000;
                try {
                    call.run();
                    requests.incrementAndGet();
                } catch (Exception e) {
                    errors.incrementAndGet();
                    lastError.set(name + ": " + e.getMessage());
                }
                long wait = (next - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "soak-" + name);
    }

    private static long threads(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long fds(long pid) throws Exception {
        try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return list.count();
        }
    }
}
