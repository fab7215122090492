package dev.meshfleet.delivery.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.metrics.DatabaseGauges;
import dev.meshfleet.delivery.AgentConfig;

/**
 * The fleet as agents report it, for alerts: {@code meshfleet_agent_connected{tenant,cluster}} (1, or 0 once the agent
 * was not heard from for {@code meshfleet.agent.disconnected-after}: the DISCONNECTED of a mesh's status; clusters whose agent never registered are left out),
 * and per mesh and cluster from the agent's last report {@code meshfleet_delivery_failed_resources} (FAILED or
 * CONFLICT) and {@code meshfleet_delivery_drifted_resources} (drift it did not correct: policy report).
 */
@ApplicationScoped
public class DeliveryMetrics {
    private final DatabaseGauges gauges;
    private final long disconnectedAfterSeconds;

    public DeliveryMetrics(DatabaseGauges gauges, AgentConfig agents) {
        this.gauges = gauges;
        this.disconnectedAfterSeconds = agents.disconnectedAfter().toSeconds();
    }

    void register(@Observes StartupEvent event) {
        gauges.register("meshfleet.agent.connected", "1 while the cluster's agent is heard from, 0 once it is DISCONNECTED",
                """
                        SELECT t.name, c.name, CASE WHEN c.last_contact_at > now() - make_interval(secs => :after)
                            THEN 1 ELSE 0 END
                        FROM clusters c JOIN tenants t ON t.id = c.tenant_id WHERE c.credential_hash IS NOT NULL""",
                Map.of("after", disconnectedAfterSeconds), "tenant", "cluster");
        gauges.register("meshfleet.delivery.failed.resources",
                "Resources FAILED or in CONFLICT in the agent's last report of the mesh", """
                        SELECT t.name, m.name, c.name, (SELECT count(*) FROM jsonb_array_elements(
                            CASE WHEN jsonb_typeof(s.results) = 'array' THEN s.results ELSE '[]' END) r
                            WHERE r->>'outcome' IN ('FAILED', 'CONFLICT'))
                        FROM delivery_status s JOIN meshes m ON m.id = s.mesh_id JOIN clusters c ON c.id = s.cluster_id
                        JOIN tenants t ON t.id = m.tenant_id""", Map.of(), "tenant", "mesh", "cluster");
        gauges.register("meshfleet.delivery.drifted.resources", "Drifted resources the agent did not put back, in its last report of the mesh",
                """
                        SELECT t.name, m.name, c.name, (SELECT count(*) FROM jsonb_array_elements(
                            CASE WHEN jsonb_typeof(s.drift) = 'array' THEN s.drift ELSE '[]' END) d
                            WHERE NOT coalesce(CAST(d->>'corrected' AS boolean), false))
                        FROM delivery_status s JOIN meshes m ON m.id = s.mesh_id JOIN clusters c ON c.id = s.cluster_id
                        JOIN tenants t ON t.id = m.tenant_id""", Map.of(), "tenant", "mesh", "cluster");
    }
}
