package dev.meshfleet.rollout.engine;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.meshfleet.rollout.core.RolloutState;
import dev.meshfleet.rollout.store.Rollout;
import dev.meshfleet.tenancy.Tenant;

/**
 * Prometheus metrics of rollouts: {@code meshfleet_rollout_phase} (1 for the rollout's current phase, 0 for the
 * others), {@code meshfleet_rollout_weight} (the canary weight of the current step), and step and total durations.
 * They are kept by the replica whose engine handles the rollout (its Kafka partition), which is where they change.
 * Per-rollout series carry the tenant's name, since mesh names are only unique within a tenant; they are served on the
 * management interface only, never on the API port.
 */
@ApplicationScoped
public class RolloutMetrics {
    private final MeterRegistry registry;
    private final Map<UUID, RolloutState> current = new ConcurrentHashMap<>();
    private final Timer steps;

    public RolloutMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.steps = Timer.builder("meshfleet.rollout.step.duration").description("Time from a step's start to the next step")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** A finished rollout's series stay this long (so that scrapes see how it ended), then are removed. */
    private static final Duration KEEP_FINISHED = Duration.ofMinutes(15);
    private final Map<UUID, java.util.List<io.micrometer.core.instrument.Meter>> meters = new ConcurrentHashMap<>();
    private final Map<UUID, java.time.Instant> finishedAt = new ConcurrentHashMap<>();
    private final Map<UUID, String> tenantNames = new ConcurrentHashMap<>();

    public void observe(Rollout rollout, String mesh, RolloutState state) {
        forgetOldFinished();
        if (state.phase().finished()) {
            finishedAt.putIfAbsent(rollout.id, java.time.Instant.now());
        } else {
            finishedAt.remove(rollout.id); // retried
        }
        boolean known = current.put(rollout.id, state) != null;
        if (known) {
            return;
        }
        java.util.List<io.micrometer.core.instrument.Meter> registered = new java.util.ArrayList<>();
        Tags tags = Tags.of("tenant", tenantName(rollout.tenantId), "rollout", rollout.id.toString(), "mesh", mesh,
                "services", String.join(",", rollout.services));
        for (RolloutState.Phase phase : RolloutState.Phase.values()) {
            registered.add(Gauge.builder("meshfleet.rollout.phase", current, m -> {
                RolloutState s = m.get(rollout.id);
                return s != null && s.phase() == phase ? 1 : 0;
            }).tags(tags.and("phase", phase.name())).description("1 for the rollout's current phase").register(registry));
        }
        registered.add(Gauge.builder("meshfleet.rollout.weight", current, m -> {
            RolloutState s = m.get(rollout.id);
            return s == null ? 0 : s.weight();
        }).tags(tags).description("Canary weight (percent) of the rollout's current step").register(registry));
        meters.put(rollout.id, registered);
    }

    /** Tenant names never change, so each is read once (joining the engine's transaction when there is one). */
    private String tenantName(UUID tenantId) {
        return tenantNames.computeIfAbsent(tenantId, id -> QuarkusTransaction.joiningExisting()
                .call(() -> Tenant.<Tenant> findByIdOptional(id).map(t -> t.name).orElse(id.toString())));
    }

    private void forgetOldFinished() {
        java.time.Instant cutoff = java.time.Instant.now().minus(KEEP_FINISHED);
        finishedAt.forEach((id, at) -> {
            if (at.isBefore(cutoff)) {
                finishedAt.remove(id);
                current.remove(id);
                java.util.List<io.micrometer.core.instrument.Meter> gone = meters.remove(id);
                if (gone != null) {
                    gone.forEach(registry::remove);
                }
            }
        });
    }

    public void stepCompleted(Duration took) {
        steps.record(took);
    }

    public void finished(Rollout rollout, Duration took) {
        Timer.builder("meshfleet.rollout.duration").description("Total duration of finished rollouts")
                .tag("phase", rollout.phase).tag("tenant", tenantName(rollout.tenantId)).register(registry).record(took);
    }
}
