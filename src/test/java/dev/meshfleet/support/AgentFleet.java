package dev.meshfleet.support;

import java.net.URL;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.meshfleet.agent.Agent;
import dev.meshfleet.agent.AgentClient;
import dev.meshfleet.agent.KubernetesClusterStore;
import dev.meshfleet.agent.SimulatedCluster;
import dev.meshfleet.agent.SimulatedIstiod;

/**
 * Simulated clusters (fabric8 mock API servers with the server-side-apply emulation), each with a real agent (the
 * same code as {@code java -jar ... agent}) running in a thread against the test server. Close it to stop them all.
 */
public final class AgentFleet implements AutoCloseable {
    public final Map<String, SimulatedCluster> clusters = new LinkedHashMap<>();
    /** Each cluster's agent credential once it registered (what a real agent keeps in its Secret). */
    public final Map<String, AtomicReference<String>> credentials = new LinkedHashMap<>();
    public final Map<String, Agent> agents = new LinkedHashMap<>();
    /** Each cluster's simulated istiod, when trust is on ({@link #withTrust}). */
    public final Map<String, SimulatedIstiod> istiods = new LinkedHashMap<>();
    private Duration trustInterval;
    private String[] appNamespaces = new String[0];
    private final List<Thread> threads = new ArrayList<>();
    private final URL server;

    /** {@code server}: the test server's base URL ({@code @TestHTTPResource("/")}). */
    public AgentFleet(URL server) {
        this.server = server;
    }

    /**
     * From now on, clusters that join run a {@link SimulatedIstiod} (publishing {@code istio-ca-root-cert} into
     * istio-system and {@code appNamespaces}) and agents keep their trust every {@code interval} (and on each desired
     * set), observing that istiod.
     */
    public AgentFleet withTrust(Duration interval, String... appNamespaces) {
        this.trustInterval = interval;
        this.appNamespaces = appNamespaces;
        return this;
    }

    /** Adds a simulated cluster and starts its agent with the cluster's one-time bootstrap token. */
    public void join(String cluster, String bootstrapToken) {
        clusters.put(cluster, new SimulatedCluster());
        if (trustInterval != null) {
            istiods.put(cluster, new SimulatedIstiod(clusters.get(cluster).client, appNamespaces));
        }
        credentials.put(cluster, new AtomicReference<>());
        startAgent(cluster, bootstrapToken);
    }

    /** Starts the cluster's agent (again: with the credential it registered, when it has one). */
    public void startAgent(String cluster, String bootstrapToken) {
        AgentClient client = new AgentClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                server.toString(), credentials.get(cluster).get());
        Agent agent = new Agent(client, new KubernetesClusterStore(clusters.get(cluster).client), bootstrapToken,
                credentials.get(cluster)::set, 1000);
        if (istiods.containsKey(cluster)) {
            agent.keepTrust(trustInterval.toMillis(), istiods.get(cluster).address());
        }
        agents.put(cluster, agent);
        Thread thread = new Thread(agent, "agent-" + cluster);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    @Override
    public void close() {
        agents.values().forEach(Agent::stop);
        threads.forEach(Thread::interrupt);
        istiods.values().forEach(SimulatedIstiod::close);
        clusters.values().forEach(SimulatedCluster::close);
    }
}
