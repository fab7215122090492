package dev.meshfleet.bench;

import static dev.meshfleet.bench.FleetBench.pct;
import static dev.meshfleet.bench.FleetBench.send;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.agent.Agent;

/**
 * Failover benchmark (scale-out issue): N in-process agents connected through HAProxy to three replicas started by
 * {@code scripts/ha} (bench profile). (1) SIGKILL one replica; per agent it held, the time from the kill until its stream
 * is open again on a survivor (the agent's state back to CONNECTED on the new stream's first event); then an intent
 * change must reach every agent. (2) A 20-step rollout over all N clusters; SIGKILL the replica whose engine consumer
 * owns the rollout's command partition (found from the consumer group's membership: client ids carry the process id)
 * mid-rollout; the time from the kill to the engine's next event, and the rollout's steps checked: each weight set
 * exactly once, in order.
 */
public class FailoverBench {
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
        Path ha = Path.of(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        String token = System.getenv("MESHFLEET_TOKEN");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String seed = Files.readString(Path.of("deploy/examples/payments-mesh.yaml"));
        System.out.printf("Meshfleet failover benchmark: %d agents through HAProxy to 3 replicas, %d cores%n", n,
                Runtime.getRuntime().availableProcessors());

        String tenant = "failover-" + (System.currentTimeMillis() % 100000);
        send(http, token, "POST", base + "/api/v1/tenants", "{\"name\":\"" + tenant + "\"}", null, 201);
        String api = base + "/api/v1/tenants/" + tenant;
        send(http, token, "POST", api + "/meshes", "{\"name\":\"payments\",\"trustDomain\":\"cluster.local\"}", null, 201);
        String intent = api + "/meshes/payments/intent";
        int revision = send(http, token, "PUT", intent, seed, null, 201).path("number").asInt();
        List<Agent> agents = FleetBench.registerAndStartAgents(http, token, base, api, n);
        FleetBench.awaitAll(agents, revision, Duration.ofSeconds(180));

        // (1) agents re-homed after a replica's SIGKILL
        rehome(agents, ha, 2);
        restart(ha, 2);
        String changed = seed.replace("weight: 90", "weight: 80").replace("weight: 10", "weight: 20");
        revision = send(http, token, "PUT", intent, changed, "\"" + revision + "\"", 201).path("number").asInt();
        long put = System.nanoTime();
        FleetBench.awaitAll(agents, revision, Duration.ofSeconds(60));
        System.out.printf("after the failover an intent change reached all %d agents in %d ms%n", n,
                (System.nanoTime() - put) / 1_000_000);

        // (2) a rollout whose engine partition's owner is killed mid-way
        rolloutResume(http, token, api, ha, n);
        agents.forEach(Agent::stop);
        System.out.println("goals: agent re-home p99 <= 5 s at 1,000 agents; rollout resume <= 10 s, no step lost,"
                + " repeated or reordered");
        System.exit(0);
    }

    private static void rehome(List<Agent> agents, Path ha, int replica) throws Exception {
        int n = agents.size();
        long[] down = new long[n];
        long[] back = new long[n];
        long killed = kill(ha, replica);
        long deadline = killed + Duration.ofSeconds(60).toNanos();
        long quietSince = System.nanoTime();
        // sample every agent's state until those that lost their stream are back and none has gone down for 10 s
        while (System.nanoTime() < deadline) {
            boolean pending = false;
            for (int i = 0; i < n; i++) {
                Agent.State state = agents.get(i).state();
                if (down[i] == 0 && state != Agent.State.CONNECTED) {
                    down[i] = System.nanoTime();
                    quietSince = down[i];
                } else if (down[i] != 0 && back[i] == 0 && state == Agent.State.CONNECTED) {
                    back[i] = System.nanoTime();
                }
                pending |= down[i] != 0 && back[i] == 0;
            }
            if (!pending && System.nanoTime() - quietSince > Duration.ofSeconds(10).toNanos()) {
                break;
            }
            Thread.sleep(5);
        }
        List<Long> times = new ArrayList<>();
        int lost = 0;
        for (int i = 0; i < n; i++) {
            if (down[i] != 0) {
                if (back[i] == 0) {
                    lost++;
                } else {
                    times.add((back[i] - killed) / 1_000_000);
                }
            }
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalStateException("no agent lost its stream: was replica " + replica + " holding none?");
        }
        System.out.printf("SIGKILL of replica %d: %d agents lost their stream, %d not back within 60 s; kill -> streaming"
                + " from a survivor p50 %d ms  p99 %d ms  max %d ms%n", replica, sorted.length + lost, lost, pct(sorted, 50),
                pct(sorted, 99), sorted[sorted.length - 1]);
    }

    private static void rolloutResume(HttpClient http, String token, String api, Path ha, int n) throws Exception {
        StringBuilder steps = new StringBuilder();
        for (int w = 5; w <= 100; w += 5) {
            steps.append(steps.length() == 0 ? "" : ",").append("{\"setWeight\":").append(w).append('}');
        }
        String request = "{\"services\":[\"payment-service\"],\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"steps\":["
                + steps + "]}";
        String rollouts = api + "/meshes/payments/rollouts/";
        String id = send(http, token, "POST", rollouts.substring(0, rollouts.length() - 1), request, null, 201)
                .path("id").asText();
        int replica = engineOwner(ha, id);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (send(http, token, "GET", rollouts + id, null, null, 200).path("weight").asInt() < 25) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rollout " + id + " did not reach 25 %");
            }
            Thread.sleep(20);
        }
        OffsetDateTime killedAt = OffsetDateTime.now();
        kill(ha, replica);
        List<JsonNode> events = List.of();
        while (System.nanoTime() < deadline) {
            try {
                events = RolloutBench.eventsUntilFinished(http, token, rollouts + id + "/events");
                if (!events.isEmpty() && List.of("succeeded", "failed", "aborted")
                        .contains(events.get(events.size() - 1).path("type").asText())) {
                    break;
                }
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // the stream went through the killed replica: read it again from the start
            }
        }
        restart(ha, replica);
        List<Integer> weights = new ArrayList<>();
        OffsetDateTime resumed = null;
        for (JsonNode e : events) {
            if (e.path("type").asText().equals("weights-set")) {
                weights.add(Integer.parseInt(e.path("detail").asText().replaceAll("^weight (\\d+) %.*$", "$1")));
            }
            OffsetDateTime at = OffsetDateTime.parse(e.path("at").asText());
            if (resumed == null && at.isAfter(killedAt) && !e.path("type").asText().equals("cluster-confirmed")) {
                resumed = at;
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int w = 5; w <= 100; w += 5) {
            expected.add(w);
        }
        String end = events.isEmpty() ? "none" : events.get(events.size() - 1).path("type").asText();
        System.out.printf("rollout over %d clusters, engine partition owner replica %d SIGKILLed at 25 %%: the engine's next"
                + " step event %d ms after the kill; ended %s; weights set %s%n", n, replica,
                resumed == null ? -1 : Duration.between(killedAt, resumed).toMillis(), end,
                weights.equals(expected) ? "5..100 each once, in order" : "WRONG: " + weights);
    }

    /** The replica (1-3) whose rollout engine consumer owns the partition the rollout's commands are keyed to. */
    private static int engineOwner(Path ha, String rolloutId) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getenv().getOrDefault("MESHFLEET_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        String group = "meshfleet-bench-rollout-engine";
        String topic = "meshfleet-bench.rollout.commands";
        try (Admin admin = Admin.create(props)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            int partition = Utils.toPositive(Utils.murmur2(rolloutId.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    % partitions;
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            for (MemberDescription member : description.members()) {
                if (member.assignment().topicPartitions().contains(new TopicPartition(topic, partition))) {
                    long pid = Long.parseLong(member.clientId().replaceAll("^.*-pid-(\\d+)$", "$1"));
                    for (int r = 1; r <= 3; r++) {
                        if (Files.readString(ha.resolve("replica-" + r + ".pid")).trim().equals(Long.toString(pid))) {
                            return r;
                        }
                    }
                }
            }
            throw new IllegalStateException("no replica owns partition " + partition + " of " + topic + ": " + description);
        }
    }

    private static long kill(Path ha, int replica) throws Exception {
        long pid = Long.parseLong(Files.readString(ha.resolve("replica-" + replica + ".pid")).trim());
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
        return System.nanoTime();
    }

    private static void restart(Path ha, int replica) throws Exception {
        Process p = new ProcessBuilder("scripts/ha", "start", Integer.toString(replica)).inheritIO()
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("scripts/ha start " + replica + " failed");
        }
    }

}
