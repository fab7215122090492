package dev.meshfleet.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.hibernate.jpa.HibernateHints;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.protocol.DesiredMesh;
import dev.meshfleet.protocol.StreamEvents;

/**
 * The agents' Server-Sent Event streams held by this replica. On connect an agent gets the desired revision of every
 * mesh that targets its cluster, as one complete set (a mesh missing from it is no longer the agent's to run), so a
 * reconnect resumes from whatever it missed; then a notice whenever that changes (a Kafka notice reaches every replica;
 * the one holding the stream pushes), and a heartbeat meanwhile. A stream is ended once it reaches its (jittered)
 * maximum age, so agents spread back over replicas that restarted. Agents' alive calls, whichever replica they reach,
 * are recorded here and written as the clusters' last contact once per heartbeat round: last contact is what an agent
 * said, never merely that this replica could still write into a socket.
 */
@ApplicationScoped
public class AgentStreams {
    private static final Logger LOG = Logger.getLogger(AgentStreams.class);

    /** frames: the stream's own response, for events encoded once for many streams ({@link SseFrames}). */
    private record Connection(UUID clusterId, UUID tenantId, SseEventSink sink, SseFrames.Writer frames, long endAtNanos) {
    }

    private final Map<UUID, Set<Connection>> byCluster = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** Clusters whose agents said they are alive since the last heartbeat round. */
    private final Set<UUID> heard = ConcurrentHashMap.newKeySet();
    private final DesiredState desired;
    private final ObjectMapper json;
    private final Duration heartbeat;
    private final Duration contact;
    private final Duration maxAge;
    private volatile ScheduledExecutorService timer;
    private volatile ScheduledExecutorService upkeep;

    public AgentStreams(DesiredState desired, ObjectMapper json, AgentConfig config) {
        this.desired = desired;
        this.json = json;
        this.heartbeat = config.heartbeatInterval();
        this.contact = config.contactInterval();
        this.maxAge = config.maxStreamAge();
        if (config.disconnectedAfter().compareTo(contact.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("meshfleet.agent.disconnected-after (" + config.disconnectedAfter()
                    + ") must be at least twice meshfleet.agent.contact-interval (" + contact + ")");
        }
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "agent-heartbeats"));
        timer.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        // Database work runs apart from the heartbeats: with every pooled connection taken (10,000 agents connecting at
        // once) a round waited out the pool's timeout, so heartbeats could come late enough for agents to take the
        // replica for dead and reconnect, which loaded it more (DatabaseBusyTest).
        upkeep = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "agent-stream-upkeep"));
        upkeep.scheduleWithFixedDelay(this::upkeep, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (timer != null) {
            timer.shutdownNow();
            upkeep.shutdownNow();
        }
        byCluster.values().forEach(set -> set.forEach(c -> endForReconnect(c, "the Meshfleet replica is shutting down")));
    }

    /**
     * Holds the agent's stream, and sends it the hello and its desired set. The hello goes through the sink, which starts
     * the response (status and headers); every later event is written to the stream's response as encoded bytes.
     */
    public void open(Cluster cluster, List<DesiredMesh> current, SseEventSink sink, Sse sse, SseFrames.Writer frames) {
        // up to a tenth younger than the maximum, so streams opened together (a fleet after a restart) end spread out
        long age = maxAge.toNanos() - ThreadLocalRandom.current().nextLong(maxAge.toNanos() / 10 + 1);
        Connection connection = new Connection(cluster.id, cluster.tenantId, sink, frames, System.nanoTime() + age);
        byCluster.computeIfAbsent(cluster.id, id -> ConcurrentHashMap.newKeySet()).add(connection);
        try {
            sink.send(sse.newEventBuilder().name(StreamEvents.HELLO).id(Long.toString(System.currentTimeMillis()))
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, write(new StreamEvents.Hello(cluster.name,
                            Math.max(1, heartbeat.toSeconds()), heartbeat.toMillis(), contact.toMillis()))).build())
                    .exceptionally(e -> {
                        sink.close();
                        return null;
                    });
        } catch (RuntimeException e) {
            sink.close();
        }
        send(connection, StreamEvents.DESIRED, new StreamEvents.DesiredSet(current));
    }

    /** The agent of this cluster said it is alive: written as its last contact in the next heartbeat round. */
    public void heard(UUID clusterId) {
        heard.add(clusterId);
    }

    /** The replica is shutting down: its streams are being ended, and nothing new should be pushed. */
    public boolean stopping() {
        return stopping;
    }

    public int connectedAgents() {
        return byCluster.values().stream().mapToInt(Set::size).sum();
    }

    public boolean isConnected(UUID clusterId) {
        Set<Connection> set = byCluster.get(clusterId);
        return set != null && set.stream().anyMatch(c -> !c.sink().isClosed());
    }

    /** Something changed in a tenant (a revision, a placement, labels): push every local agent of it its desired set. */
    public void tenantChanged(UUID tenantId) {
        List<UUID> local = byCluster.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(c -> c.tenantId().equals(tenantId))).map(Map.Entry::getKey).toList();
        if (local.isEmpty()) {
            return;
        }
        // three queries however many of the tenant's agents this replica holds
        Map<UUID, List<DesiredMesh>> sets = QuarkusTransaction.joiningExisting().call(() -> {
            DesiredState.TenantState tenant = desired.tenantState(tenantId);
            Map<UUID, List<DesiredMesh>> out = new java.util.HashMap<>();
            // read-only: a replica holding thousands of streams would otherwise dirty-check them all at commit
            for (Cluster c : Cluster.<Cluster> find("id in ?1", local).withHint(HibernateHints.HINT_READ_ONLY, true).list()) {
                out.put(c.id, desired.withContent(c, desired.forCluster(c, tenant), tenant));
            }
            return out;
        });
        // clusters of the same shape share their desired set (same bundles): serialise each distinct set once
        Map<List<Object>, byte[]> serialised = new java.util.HashMap<>();
        for (UUID clusterId : local) {
            List<DesiredMesh> current = sets.get(clusterId);
            Set<Connection> connections = byCluster.get(clusterId);
            if (current == null) {
                close(clusterId);
            } else if (connections != null) {
                byte[] frame = serialised.computeIfAbsent(shape(current), k -> frame(StreamEvents.DESIRED,
                        new StreamEvents.DesiredSet(current)));
                connections.forEach(c -> sendFrame(c, frame));
            }
        }
    }

    public void pushDesired(UUID clusterId) {
        Set<Connection> connections = byCluster.get(clusterId);
        if (connections == null || connections.isEmpty()) {
            return;
        }
        List<DesiredMesh> current = QuarkusTransaction.joiningExisting().call(() -> Cluster.<Cluster> findByIdOptional(clusterId)
                .map(c -> {
                    DesiredState.TenantState tenant = desired.tenantState(c.tenantId);
                    return desired.withContent(c, desired.forCluster(c, tenant), tenant);
                }).orElse(null));
        if (current == null) {
            close(clusterId); // the cluster is gone: its agent will get 401 when it reconnects
            return;
        }
        connections.forEach(c -> send(c, StreamEvents.DESIRED, new StreamEvents.DesiredSet(current)));
    }

    /**
     * Sends every stream this replica holds its desired set again, read now, on the upkeep thread (the caller may be a
     * Kafka consumer's polling thread, and the heartbeats must not wait on the database): for changes whose notices
     * this replica may have missed.
     */
    public void catchUpAll() {
        ScheduledExecutorService t = upkeep;
        if (t == null) {
            return;
        }
        t.execute(() -> {
            try {
                byCluster.values().stream().flatMap(Set::stream).map(Connection::tenantId).distinct().toList()
                        .forEach(this::tenantChanged);
            } catch (RuntimeException e) {
                LOG.warnf("re-sending desired sets failed: %s", e.getMessage());
            }
        });
    }

    /** Ends the streams of every cluster of a deleted tenant held by this replica, each with {@code revoked}. */
    public void closeTenant(UUID tenantId) {
        byCluster.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(c -> c.tenantId().equals(tenantId)))
                .map(Map.Entry::getKey).toList().forEach(this::close);
    }

    /** Ends the cluster's streams on this replica (credential revoked, cluster deleted). */
    public void close(UUID clusterId) {
        Set<Connection> connections = byCluster.remove(clusterId);
        if (connections != null) {
            connections.forEach(c -> {
                send(c, StreamEvents.REVOKED, new StreamEvents.Revoked("credential revoked or cluster deleted"));
                c.sink().close();
            });
        }
    }

    /** Ends a stream on purpose: the agent is told first, and reconnects at once through the load balancer. */
    private void endForReconnect(Connection connection, String reason) {
        send(connection, StreamEvents.RECONNECT, new StreamEvents.Reconnect(reason));
        connection.sink().close();
    }

    private void heartbeat() {
        try {
            // one serialisation per round, not one per stream
            byte[] beat = frame(StreamEvents.HEARTBEAT, new StreamEvents.Heartbeat(OffsetDateTime.now().toString()));
            long now = System.nanoTime();
            byCluster.forEach((cluster, connections) -> {
                connections.removeIf(c -> c.sink().isClosed());
                connections.forEach(c -> {
                    if (now - c.endAtNanos() >= 0) {
                        endForReconnect(c, "the stream reached its maximum age");
                    } else {
                        sendFrame(c, beat);
                    }
                });
                connections.removeIf(c -> c.sink().isClosed());
            });
            byCluster.entrySet().removeIf(e -> e.getValue().isEmpty());
        } catch (RuntimeException e) {
            LOG.warnf("heartbeat round failed: %s", e.getMessage());
        }
    }

    /** Writes the last contacts heard since the last round, and closes streams of clusters revoked meanwhile. */
    private void upkeep() {
        try {
            recordContact();
            List<UUID> live = List.copyOf(byCluster.keySet());
            if (!live.isEmpty()) {
                // a missed notice (cluster or tenant deleted, credential revoked) must not leave a stream open for good
                QuarkusTransaction.requiringNew().call(() -> revokedAmong(live)).forEach(this::close);
            }
        } catch (RuntimeException e) {
            LOG.warnf("stream upkeep round failed (retried next round): %s", e.getMessage());
        }
    }

    private void recordContact() {
        List<UUID> contacted = List.copyOf(heard);
        if (contacted.isEmpty()) {
            return;
        }
        contacted.forEach(heard::remove); // one by one: removeAll on this set would scan the list per element
        QuarkusTransaction.requiringNew().run(() -> {
            // skip rows a report is updating right now (it sets last contact itself): never wait on the hot path
            Cluster.getEntityManager().createNativeQuery("""
                    UPDATE clusters SET last_contact_at = now() WHERE id IN (
                        SELECT id FROM clusters WHERE id IN (:ids) FOR UPDATE SKIP LOCKED)""")
                    .setParameter("ids", contacted).executeUpdate();
        });
    }

    /** Which of these clusters are gone or have no credential any more. */
    @SuppressWarnings("unchecked")
    private static List<UUID> revokedAmong(List<UUID> clusters) {
        Set<UUID> valid = new java.util.HashSet<>(Cluster.getEntityManager()
                .createNativeQuery("SELECT id FROM clusters WHERE id IN (:ids) AND credential_hash IS NOT NULL", UUID.class)
                .setParameter("ids", clusters).getResultList());
        return clusters.stream().filter(id -> !valid.contains(id)).toList();
    }

    /**
     * What makes two desired sets serialise alike, cheaply: the fields, with bundle content by identity (equal bundles
     * are the same cached tree, and hashing a tree deeply would cost about as much as writing it).
     */
    private static List<Object> shape(List<DesiredMesh> set) {
        List<Object> key = new java.util.ArrayList<>();
        for (DesiredMesh d : set) {
            key.add(java.util.Arrays.asList(d.mesh(), d.meshId(), d.revision(), d.istioApiVersion(), d.bundle(), d.rollouts(),
                    d.content() == null ? 0 : System.identityHashCode(d.content())));
        }
        return key;
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] frame(String name, Object data) {
        return SseFrames.frame(name, System.currentTimeMillis(), write(data));
    }

    private void send(Connection c, String name, Object data) {
        if (c.sink().isClosed()) {
            return;
        }
        try {
            sendFrame(c, frame(name, data));
        } catch (RuntimeException e) {
            c.sink().close();
        }
    }

    private void sendFrame(Connection c, byte[] frame) {
        if (c.sink().isClosed()) {
            return;
        }
        try {
            c.frames().write(frame).exceptionally(e -> {
                c.sink().close();
                return null;
            });
        } catch (RuntimeException e) {
            c.sink().close();
        }
    }
}
