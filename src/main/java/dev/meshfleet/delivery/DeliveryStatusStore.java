package dev.meshfleet.delivery;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.meshfleet.common.persistence.SqlValues;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What agents reported per (mesh, cluster): the last revision they applied and how it went. */
@ApplicationScoped
public class DeliveryStatusStore {
    private final EntityManager entityManager;
    private final ObjectMapper json;

    public DeliveryStatusStore(EntityManager entityManager, ObjectMapper json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    public record Reported(UUID clusterId, int revision, String state, JsonNode results, JsonNode drift,
            OffsetDateTime reportedAt) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID meshId, UUID clusterId, int revision, String state, Object results, Object drift) {
        entityManager.createNativeQuery("""
                INSERT INTO delivery_status (mesh_id, cluster_id, reported_revision, state, results, drift, reported_at)
                VALUES (:mesh, :cluster, :revision, :state, CAST(:results AS jsonb), CAST(:drift AS jsonb), now())
                ON CONFLICT (mesh_id, cluster_id) DO UPDATE SET reported_revision = excluded.reported_revision,
                    state = excluded.state, results = excluded.results, drift = excluded.drift, reported_at = now()
                """).setParameter("mesh", meshId).setParameter("cluster", clusterId).setParameter("revision", revision)
                .setParameter("state", state).setParameter("results", write(results)).setParameter("drift", write(drift))
                .executeUpdate();
    }

    /** The reporting agent's cluster, found by its credential without loading the entity (reports are the hot path). */
    /** istioApiVersions: as last reported (empty when never). */
    public record Reporter(UUID clusterId, UUID tenantId, List<String> istioApiVersions) {
    }

    public java.util.Optional<Reporter> reporter(String credentialHash) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                "SELECT id, tenant_id, CAST(istio_api_versions AS text) FROM clusters WHERE credential_hash = :hash")
                .setParameter("hash", credentialHash).getResultList();
        return rows.stream().findFirst().map(r -> new Reporter((UUID) r[0], (UUID) r[1], versions((String) r[2])));
    }

    private List<String> versions(String stored) {
        if (stored == null) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        read(stored).forEach(v -> out.add(v.asText()));
        return out;
    }

    public java.util.Optional<UUID> meshId(UUID tenantId, String mesh) {
        @SuppressWarnings("unchecked")
        List<UUID> rows = entityManager.createNativeQuery("SELECT id FROM meshes WHERE tenant_id = :tenant AND name = :name")
                .setParameter("tenant", tenantId).setParameter("name", mesh).getResultList();
        return rows.stream().findFirst();
    }

    /** What the agent said of itself: Istio and agent versions (kept when not reported), and that it is alive. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void agentFacts(UUID clusterId, String istioVersion, List<String> istioApiVersions, String agentVersion) {
        entityManager.createNativeQuery("""
                UPDATE clusters SET last_contact_at = now(), istio_version = coalesce(:istio, istio_version),
                    istio_api_versions = coalesce(CAST(:apis AS jsonb), istio_api_versions),
                    agent_version = coalesce(:agent, agent_version) WHERE id = :id""")
                .setParameter("istio", istioVersion).setParameter("apis", istioApiVersions == null ? null : write(istioApiVersions))
                .setParameter("agent", agentVersion).setParameter("id", clusterId).executeUpdate();
    }

    public Map<UUID, Reported> forMesh(UUID meshId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT cluster_id, reported_revision, state, CAST(results AS text), CAST(drift AS text), reported_at
                FROM delivery_status WHERE mesh_id = :mesh""").setParameter("mesh", meshId).getResultList();
        Map<UUID, Reported> out = new HashMap<>();
        for (Object[] row : rows) {
            out.put((UUID) row[0], new Reported((UUID) row[0], ((Number) row[1]).intValue(), (String) row[2],
                    read((String) row[3]), read((String) row[4]), SqlValues.offsetDateTime(row[5])));
        }
        return out;
    }


    private String write(Object value) {
        try {
            return json.writeValueAsString(value == null ? List.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
