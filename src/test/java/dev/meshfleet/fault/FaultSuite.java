package dev.meshfleet.fault;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.agent.Agent;
import dev.meshfleet.bench.FleetBench;
import dev.meshfleet.support.Seeds;

/**
 * The fault suite (scale-out issue): on its own three-replica topology ({@link Topology}), N runs, each killing one part
 * (a server replica, the broker or an agent process, with SIGKILL or SIGTERM) at a random point of either a series of
 * intent pushes or a rollout, then bringing it back and checking ({@link FleetChecks}) that every cluster converges to
 * exactly the committed intent, the rollout's steps ran once each and in order and it ended as its commands imply, the
 * audit log has every revision and no outbox row is left unpublished. Runs are drawn from a printed seed, so a failing
 * run can be replayed: {@code scripts/fault-suite RUNS SEED}.
 */
public final class FaultSuite {
    enum Target { REPLICA, BROKER, AGENT }

    private static final int IN_PROCESS_AGENTS = 12;
    private static final int AGENT_PROCESSES = 2;
    private static final List<Integer> PLAN = List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);

    private final Topology topology;
    private final SuiteApi api;
    private final String token;
    private final String seed;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private List<Agent> agents;
    private FleetChecks checks;
    private String tenantApi;
    private int revision;

    private FaultSuite(Topology topology, String token) throws Exception {
        this.topology = topology;
        this.token = token;
        this.api = new SuiteApi(token);
        this.seed = Files.readString(Path.of("deploy/examples/payments-mesh.yaml"));
    }

    /** Runs the suite; returns the number of failed runs. Args: runs, seed (optional), then the key pair's directory. */
    public static int run(Path root, Path keys, int runs, long seed) throws Exception {
        System.out.printf("fault suite: %d runs, seed %d (replay: scripts/fault-suite %d %d)%n", runs, seed, runs, seed);
        try (Topology topology = new Topology(root, Files.readString(keys.resolve("public-key")).trim())) {
            long started = System.nanoTime();
            topology.up();
            FaultSuite suite = new FaultSuite(topology, Files.readString(keys.resolve("token")).trim());
            suite.setUp();
            Random random = new Random(seed);
            int failed = 0;
            for (int run = 1; run <= runs; run++) {
                failed += suite.runOnce(run, random) ? 0 : 1;
            }
            System.out.printf("fault suite: %d of %d runs passed in %d s (seed %d)%n", runs - failed, runs,
                    (System.nanoTime() - started) / 1_000_000_000, seed);
            suite.agents.forEach(Agent::stop);
            return failed;
        }
    }

    public static void main(String[] args) throws Exception {
        dev.meshfleet.support.QuietJdkLogging.apply(); // before any HTTP client is made
        int runs = Integer.parseInt(args[0]);
        long seed = args.length > 1 && !args[1].isEmpty() ? Long.parseLong(args[1]) : System.nanoTime();
        System.exit(run(Path.of("").toAbsolutePath(), Path.of(args[2]), runs, seed) == 0 ? 0 : 1);
    }

    private void setUp() throws Exception {
        String tenant = "fault-" + (System.currentTimeMillis() % 100000);
        String base = topology.base();
        api.call("POST", base + "/api/v1/tenants", "{\"name\":\"" + tenant + "\"}", 201);
        tenantApi = base + "/api/v1/tenants/" + tenant;
        api.call("POST", tenantApi + "/meshes", "{\"name\":\"payments\",\"trustDomain\":\"cluster.local\"}", 201);
        revision = api.putIntent(tenantApi + "/meshes/payments/intent", seed, 0);
        List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < IN_PROCESS_AGENTS + AGENT_PROCESSES; i++) {
            String bootstrap = api.call("POST", tenantApi + "/clusters", "{\"name\":\"c" + i + "\"}", 201)
                    .path("bootstrapToken").asText();
            if (i < IN_PROCESS_AGENTS) {
                tokens.add(java.util.concurrent.CompletableFuture.completedFuture(bootstrap));
            } else {
                topology.addAgent("c" + i, bootstrap);
            }
        }
        agents = FleetBench.startAgents(base, tokens);
        checks = new FleetChecks(api, tenantApi, "payments");
        List<String> problems = checks.converged(agents, IN_PROCESS_AGENTS + AGENT_PROCESSES, Duration.ofSeconds(120));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the fleet did not converge before any fault: " + problems);
        }
    }

    private boolean runOnce(int run, Random random) throws Exception {
        Target target = Target.values()[random.nextInt(Target.values().length)];
        String signal = random.nextBoolean() ? "KILL" : "TERM";
        boolean rollout = random.nextBoolean();
        int replica = 1 + random.nextInt(3);
        Topology.AgentProcess agent = topology.agents().get(random.nextInt(topology.agents().size()));
        String what = target == Target.REPLICA ? "replica " + replica : target == Target.BROKER ? "the broker"
                : "agent " + agent.cluster;
        long started = System.nanoTime();
        List<String> problems = new ArrayList<>();
        String when;
        if (rollout) {
            int at = PLAN.get(random.nextInt(PLAN.size() - 1));
            boolean abort = random.nextInt(3) == 0;
            long healAfter = random.nextInt(3000);
            when = "during a rollout at " + at + " % (back after " + healAfter + " ms)" + (abort ? ", then abort" : "");
            // the rollout waits for every cluster (and for the broker): the part comes back while it runs
            Thread healer = new Thread(() -> {
                try {
                    Thread.sleep(healAfter);
                    heal(target, replica, agent);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            problems.addAll(rolloutWithFault(at, abort, () -> {
                inject(target, signal, replica, agent);
                healer.start();
            }));
            healer.join();
        } else {
            int pushes = 6;
            int at = random.nextInt(pushes);
            when = "during intent pushes, after push " + at + " of " + pushes;
            for (int i = 0; i < pushes; i++) {
                if (i == at) {
                    inject(target, signal, replica, agent);
                }
                int w = 1 + random.nextInt(98);
                revision = api.putIntent(tenantApi + "/meshes/payments/intent",
                        Seeds.withCanaryWeight(seed, w), revision);
            }
            heal(target, replica, agent);
        }
        problems.addAll(checks.converged(agents, IN_PROCESS_AGENTS + AGENT_PROCESSES, Duration.ofSeconds(120)));
        problems.addAll(checks.audited());
        problems.addAll(FleetChecks.outboxDrained("jdbc:postgresql://127.0.0.1:5432/meshfleet_fault", Duration.ofSeconds(60)));
        System.out.printf("run %d: SIG%s to %s %s: %s in %d s%s%n", run, signal, what, when,
                problems.isEmpty() ? "PASS" : "FAIL", (System.nanoTime() - started) / 1_000_000_000,
                problems.isEmpty() ? "" : "\n  " + String.join("\n  ", problems));
        return problems.isEmpty();
    }

    private List<String> rolloutWithFault(int at, boolean abort, Runnable fault) throws Exception {
        String intent = tenantApi + "/meshes/payments/intent";
        revision = api.putIntent(intent, seed, revision); // a known start: v1 stable at 90 %, v2 at 10 %
        StringBuilder steps = new StringBuilder();
        PLAN.forEach(w -> steps.append(steps.length() == 0 ? "" : ",").append("{\"setWeight\":").append(w).append('}'));
        String rollouts = tenantApi + "/meshes/payments/rollouts";
        String id = api.call("POST", rollouts, "{\"services\":[\"payment-service\"],\"stableVersion\":\"v1\","
                + "\"canaryVersion\":\"v2\",\"steps\":[" + steps + "]}", 201).path("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (api.call("GET", rollouts + "/" + id, null, 200).path("weight").asInt() < at) {
            if (System.nanoTime() > deadline) {
                return List.of("rollout " + id + " never reached " + at + " % before the fault");
            }
            Thread.sleep(20);
        }
        fault.run();
        // an abort that comes after the rollout finished is refused (409): then it must have succeeded
        int answer = abort ? api.status("POST", rollouts + "/" + id + "/abort", "{\"reason\":\"fault suite\"}") : 0;
        List<JsonNode> events = checks.rolloutEvents(http, token, id, Duration.ofMinutes(3));
        // 409 also answers a retried abort whose first try was accepted but its answer lost with a killed replica
        boolean aborted = answer == 202 || answer == 409 && !events.isEmpty()
                && events.get(events.size() - 1).path("type").asText().equals("aborted");
        revision = api.currentRevision(intent); // a rollout that succeeds writes its result as a revision
        return FleetChecks.stepsOnceInOrder(events, PLAN, aborted);
    }

    private void inject(Target target, String signal, int replica, Topology.AgentProcess agent) {
        try {
            switch (target) {
                case REPLICA -> topology.signalReplica(replica, signal);
                case BROKER -> topology.signalBroker(signal);
                case AGENT -> topology.signalAgent(agent, signal);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not inject the fault: " + e.getMessage(), e);
        }
    }

    private void heal(Target target, int replica, Topology.AgentProcess agent) throws Exception {
        switch (target) {
            case REPLICA -> topology.startReplica(replica);
            case BROKER -> topology.startBroker();
            case AGENT -> topology.startAgent(agent);
        }
    }
}
