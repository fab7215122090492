package dev.meshfleet.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.meshfleet.agent.SimulatedCluster;

/**
 * The fault suite's own highly available topology, apart from anything else on the machine: three replicas behind
 * HAProxy ({@code scripts/ha}, bench profile, database {@code meshfleet_fault}, ports 8590-8593 and 9691-9693), a Kafka
 * broker of its own on 19092 ({@code scripts/infra kafka-start} with its own state directory, so killing it disturbs no
 * other broker user), and agent processes (the packaged agent, each managing a simulated cluster served from this JVM).
 * Everything here can be killed with SIGKILL or SIGTERM and started again.
 */
final class Topology implements AutoCloseable {
    static final int LB_PORT = 8590;
    static final String KAFKA = "127.0.0.1:19092";

    /** A real agent process and what it needs to be started again as the same cluster. */
    static final class AgentProcess {
        final String cluster;
        final SimulatedCluster simulated;
        final Path kubeconfig;
        final Path credential;
        final String bootstrapToken;
        Process process;

        AgentProcess(String cluster, SimulatedCluster simulated, Path kubeconfig, Path credential, String bootstrapToken) {
            this.cluster = cluster;
            this.simulated = simulated;
            this.kubeconfig = kubeconfig;
            this.credential = credential;
            this.bootstrapToken = bootstrapToken;
        }
    }

    private final Path root;
    private final Path state;
    private final Map<String, String> env = new HashMap<>();
    private final List<AgentProcess> agents = new ArrayList<>();
    private int healthPorts = 18300;

    Topology(Path root, String publicKey) {
        this.root = root;
        this.state = root.resolve("target/fault");
        env.put("MESHFLEET_HA_DIR", state.resolve("ha").toString());
        env.put("MESHFLEET_HA_PORT", Integer.toString(LB_PORT));
        env.put("MESHFLEET_HA_PROFILE", "bench");
        env.put("MESHFLEET_HA_NO_PACKAGE", "1");
        env.put("MESHFLEET_INFRA_DIR", state.resolve("infra").toString());
        env.put("MESHFLEET_KAFKA_PORT", "19092");
        env.put("MESHFLEET_KAFKA_CONTROLLER_PORT", "19093");
        env.put("MESHFLEET_KAFKA_SASL_PORT", "19094");
        env.put("MESHFLEET_KAFKA_BOOTSTRAP", KAFKA);
        env.put("MESHFLEET_KAFKA_PREFIX", "meshfleet-fault");
        env.put("MESHFLEET_DB_NAME", "meshfleet_fault");
        env.put("QUARKUS_OIDC_PUBLIC_KEY", publicKey);
        // rollouts and streams at a pace a bounded suite can wait for
        env.put("MESHFLEET_HA_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC");
    }

    String base() {
        return "http://127.0.0.1:" + LB_PORT;
    }

    void up() throws Exception {
        script(Duration.ofMinutes(3), "scripts/infra", "up"); // Postgres, the suite's database and its own broker
        script(Duration.ofMinutes(5), "scripts/ha", "up");
    }

    void signalReplica(int replica, String signal) throws Exception {
        script(Duration.ofSeconds(10), "scripts/ha", "kill", Integer.toString(replica), signal);
    }

    void startReplica(int replica) throws Exception {
        script(Duration.ofMinutes(2), "scripts/ha", "start", Integer.toString(replica));
    }

    void signalBroker(String signal) throws Exception {
        long pid = Long.parseLong(Files.readString(state.resolve("infra/kafka/broker.pid")).trim());
        run(Duration.ofSeconds(10), "kill", "-" + signal, Long.toString(pid));
        // the broker must be gone before it is started again (SIGTERM lets it shut down cleanly, which takes a moment)
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    void startBroker() throws Exception {
        script(Duration.ofMinutes(2), "scripts/infra", "kafka-start");
    }

    AgentProcess addAgent(String cluster, String bootstrapToken) throws Exception {
        SimulatedCluster simulated = new SimulatedCluster();
        Path dir = Files.createDirectories(state.resolve("agents/" + cluster));
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: mock, user: {token: mock}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: default}}]
                current-context: mock
                """.formatted(simulated.client.getMasterUrl()));
        Path credential = dir.resolve("credential");
        Files.deleteIfExists(credential);
        AgentProcess agent = new AgentProcess(cluster, simulated, kubeconfig, credential, bootstrapToken);
        agents.add(agent);
        startAgent(agent);
        return agent;
    }

    void startAgent(AgentProcess agent) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("java", "-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-jar", "target/quarkus-app/quarkus-run.jar", "agent", "--server", base(), "--bootstrap-token",
                agent.bootstrapToken, "--credential-file", agent.credential.toString(), "--health-port",
                Integer.toString(healthPorts++)).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(agent.credential.resolveSibling("agent.log").toFile()));
        builder.environment().put("KUBECONFIG", agent.kubeconfig.toString());
        agent.process = builder.start();
    }

    void signalAgent(AgentProcess agent, String signal) throws Exception {
        run(Duration.ofSeconds(10), "kill", "-" + signal, Long.toString(agent.process.pid()));
        agent.process.waitFor(); // SIGTERM: the agent stops cleanly; either way it is gone before it is started again
    }

    List<AgentProcess> agents() {
        return agents;
    }

    @Override
    public void close() throws Exception {
        for (AgentProcess agent : agents) {
            agent.process.destroyForcibly();
            agent.simulated.close();
        }
        script(Duration.ofMinutes(1), "scripts/ha", "down");
        script(Duration.ofMinutes(1), "scripts/infra", "kafka-stop");
    }

    private void script(Duration timeout, String... command) throws Exception {
        run(timeout, command);
    }

    private void run(Duration timeout, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createDirectories(state).resolve("scripts.log").toFile()));
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "); see "
                    + state.resolve("scripts.log"));
        }
    }
}
