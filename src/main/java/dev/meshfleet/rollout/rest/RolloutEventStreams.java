package dev.meshfleet.rollout.rest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.meshfleet.rollout.RolloutConfig;
import dev.meshfleet.rollout.store.RolloutStore;
import dev.meshfleet.tenancy.StandingAccess;

/**
 * Live rollout events for people: a watcher first gets the stored events after its Last-Event-ID, then each new one as
 * it arrives on meshfleet.rollout.events (every replica reads them all, in a consumer group of its own). Event ids are
 * the events' row ids, so a reconnecting watcher misses nothing and sees nothing twice.
 */
@ApplicationScoped
public class RolloutEventStreams {
    private static final Logger LOG = Logger.getLogger(RolloutEventStreams.class);

    private static final class Watcher {
        final SseEventSink sink;
        final Sse sse;
        final StandingAccess access;
        long lastSent;

        Watcher(SseEventSink sink, Sse sse, StandingAccess access, long lastSent) {
            this.sink = sink;
            this.sse = sse;
            this.access = access;
            this.lastSent = lastSent;
        }
    }

    private final Map<UUID, Set<Watcher>> watchers = new ConcurrentHashMap<>();
    private final RolloutStore store;
    private final ObjectMapper json;

    private java.util.concurrent.ScheduledExecutorService timer;

    private final java.time.Duration keepAlive;
    private final java.time.Duration accessCheck;

    public RolloutEventStreams(RolloutStore store, ObjectMapper json, RolloutConfig config) {
        this.store = store;
        this.json = json;
        this.keepAlive = config.eventsKeepAlive();
        this.accessCheck = config.eventsAccessCheck();
    }

    /** Every interval a comment line keeps idle streams open through proxies and lets closed ones be noticed and dropped. */
    void start(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rollout-event-keepalive");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::keepAlive, keepAlive.toMillis(), keepAlive.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::recheckAccess, accessCheck.toMillis(), accessCheck.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * A stream outlives the request that checked its caller: a viewer removed from the tenant, or whose token expired,
     * must stop receiving events. Each distinct access is checked once per round (one transaction for all).
     */
    private void recheckAccess() {
        try {
            List<Watcher> open = watchers.values().stream().flatMap(Set::stream).filter(w -> !w.sink.isClosed()).toList();
            if (open.isEmpty()) {
                return;
            }
            Instant now = Instant.now();
            Map<StandingAccess, Optional<String>> verdicts = QuarkusTransaction.requiringNew().call(() -> {
                Map<StandingAccess, Optional<String>> out = new HashMap<>();
                open.forEach(w -> out.computeIfAbsent(w.access, a -> a.ended(now)));
                return out;
            });
            for (Watcher w : open) {
                Optional<String> reason = verdicts.get(w.access);
                if (reason.isPresent()) {
                    end(w, reason.get());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("rechecking the access of rollout event streams failed: %s", e.getMessage());
        }
    }

    /** Tells the watcher why (an {@code access-ended} event, so a client does not simply reconnect) and closes. */
    private void end(Watcher w, String reason) {
        synchronized (w) {
            if (w.sink.isClosed()) {
                return;
            }
            try {
                ObjectNode data = json.createObjectNode().put("type", "access-ended").put("detail", reason);
                w.sink.send(w.sse.newEventBuilder().name("access-ended").mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(String.class, json.writeValueAsString(data)).build())
                        .whenComplete((ok, e) -> w.sink.close());
            } catch (Exception e) {
                w.sink.close();
            }
        }
    }

    void stop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        closeAll();
    }

    /**
     * Ends every open stream without an {@code access-ended} event, as a replica going away does: watchers reconnect
     * (EventSource with Last-Event-ID) to whichever replica answers and get what they missed.
     */
    public void closeAll() {
        watchers.values().forEach(set -> set.forEach(w -> w.sink.close()));
    }

    /** How many open streams watch the rollout on this replica. */
    public int watching(UUID rolloutId) {
        Set<Watcher> set = watchers.get(rolloutId);
        return set == null ? 0 : (int) set.stream().filter(w -> !w.sink.isClosed()).count();
    }

    private void keepAlive() {
        watchers.forEach((rollout, set) -> {
            set.removeIf(w -> w.sink.isClosed());
            for (Watcher w : set) {
                synchronized (w) {
                    try {
                        w.sink.send(w.sse.newEventBuilder().comment("keep-alive").build()).exceptionally(e -> {
                            w.sink.close();
                            return null;
                        });
                    } catch (RuntimeException e) {
                        w.sink.close();
                    }
                }
            }
        });
        watchers.keySet().forEach(id -> watchers.computeIfPresent(id, (k, set) -> set.isEmpty() ? null : set));
    }

    public void watch(UUID rolloutId, long after, SseEventSink sink, Sse sse, StandingAccess access) {
        Watcher watcher = new Watcher(sink, sse, access, after);
        synchronized (watcher) {
            // registered before the replay, and live events wait for the replay: none is lost or sent twice
            watchers.compute(rolloutId, (id, set) -> {
                Set<Watcher> into = set == null ? ConcurrentHashMap.newKeySet() : set;
                into.add(watcher);
                return into;
            });
            var stored = QuarkusTransaction.requiringNew().call(() -> store.events(rolloutId, after));
            for (RolloutStore.Event e : stored) {
                send(watcher, e.id(), json.valueToTree(e));
            }
        }
    }

    @Incoming("rollout-events")
    @Blocking
    public void onEvent(String payload) {
        try {
            JsonNode event = json.readTree(payload);
            UUID rolloutId = UUID.fromString(event.path("rolloutId").asText());
            Set<Watcher> set = watchers.get(rolloutId);
            if (set == null) {
                return;
            }
            set.removeIf(w -> w.sink.isClosed());
            long id = event.path("id").asLong();
            for (Watcher w : set) {
                synchronized (w) {
                    send(w, id, event);
                }
            }
        } catch (Exception e) {
            LOG.warnf("ignoring an unreadable rollout event: %s", e.getMessage());
        }
    }

    private void send(Watcher w, long id, JsonNode event) {
        if (id <= w.lastSent || w.sink.isClosed()) {
            return;
        }
        w.lastSent = id;
        try {
            w.sink.send(w.sse.newEventBuilder().id(Long.toString(id)).name(event.path("type").asText("event"))
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, json.writeValueAsString(event)).build())
                    .exceptionally(e -> {
                        w.sink.close();
                        return null;
                    });
        } catch (Exception e) {
            w.sink.close();
        }
    }
}
