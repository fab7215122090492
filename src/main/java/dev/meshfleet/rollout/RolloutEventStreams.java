package dev.meshfleet.rollout;

import java.util.Map;
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

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;

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
        long lastSent;

        Watcher(SseEventSink sink, Sse sse, long lastSent) {
            this.sink = sink;
            this.sse = sse;
            this.lastSent = lastSent;
        }
    }

    private final Map<UUID, Set<Watcher>> watchers = new ConcurrentHashMap<>();
    private final RolloutStore store;
    private final ObjectMapper json;

    private java.util.concurrent.ScheduledExecutorService timer;

    private final java.time.Duration keepAlive;

    public RolloutEventStreams(RolloutStore store, ObjectMapper json, RolloutConfig config) {
        this.store = store;
        this.json = json;
        this.keepAlive = config.eventsKeepAlive();
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
    }

    void stop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        watchers.values().forEach(set -> set.forEach(w -> w.sink.close()));
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

    public void watch(UUID rolloutId, long after, SseEventSink sink, Sse sse) {
        Watcher watcher = new Watcher(sink, sse, after);
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
