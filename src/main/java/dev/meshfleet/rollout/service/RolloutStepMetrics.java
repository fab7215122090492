package dev.meshfleet.rollout.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.metrics.DatabaseGauges;

/**
 * {@code meshfleet_rollout_step_age_seconds{tenant,mesh,rollout}}: how long each PROGRESSING rollout has been on its
 * current step. Read from PostgreSQL rather than kept by the engine ({@code RolloutMetrics}), so that a rollout whose
 * engine stopped consuming still shows, and grows, on every replica.
 */
@ApplicationScoped
public class RolloutStepMetrics {
    private final DatabaseGauges gauges;

    public RolloutStepMetrics(DatabaseGauges gauges) {
        this.gauges = gauges;
    }

    void register(@Observes StartupEvent event) {
        gauges.register("meshfleet.rollout.step.age.seconds", "Seconds a progressing rollout has been on its current step",
                """
                        SELECT t.name, m.name, CAST(r.id AS text), extract(epoch FROM now() - r.step_started_at)
                        FROM rollouts r JOIN meshes m ON m.id = r.mesh_id JOIN tenants t ON t.id = r.tenant_id
                        WHERE r.phase = 'PROGRESSING' AND r.step_started_at IS NOT NULL""", Map.of(),
                "tenant", "mesh", "rollout");
    }
}
