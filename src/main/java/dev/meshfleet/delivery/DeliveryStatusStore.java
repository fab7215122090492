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

    /** One agent's report of a mesh, as the batch upsert takes it. */
    public record MeshReport(String credentialHash, String mesh, int revision, String state, Object results, Object drift) {
    }

    /** A report the batch stored: its index in the input, and the reporting cluster. */
    public record Stored(int index, Reporter reporter) {
    }

    /**
     * Stores many reports in one statement (a fleet's reports arrive together: one round trip instead of three per
     * report). Reports whose credential or mesh match nothing are left out of the result; the caller finds out why.
     * When one cluster reported a mesh twice, the later report wins.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Stored> recordAll(List<MeshReport> reports) {
        if (reports.isEmpty()) {
            return List.of();
        }
        int n = reports.size();
        Integer[] index = new Integer[n];
        String[] hashes = new String[n], meshes = new String[n], states = new String[n], results = new String[n],
                drift = new String[n];
        Integer[] revisions = new Integer[n];
        for (int i = 0; i < n; i++) {
            MeshReport r = reports.get(i);
            index[i] = i;
            hashes[i] = r.credentialHash();
            meshes[i] = r.mesh();
            revisions[i] = r.revision();
            states[i] = r.state();
            results[i] = write(r.results());
            drift[i] = write(r.drift());
        }
        return entityManager.unwrap(org.hibernate.Session.class).doReturningWork(connection -> {
            try (var statement = connection.prepareStatement("""
                    WITH input AS (
                        SELECT * FROM unnest(?::int[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[])
                            AS i(idx, hash, mesh, revision, state, results, drift)
                    ), matched AS (
                        SELECT i.*, c.id AS cluster_id, c.tenant_id, CAST(c.istio_api_versions AS text) AS apis,
                               m.id AS mesh_id
                        FROM input i JOIN clusters c ON c.credential_hash = i.hash
                        JOIN meshes m ON m.tenant_id = c.tenant_id AND m.name = i.mesh
                    ), upserted AS (
                        INSERT INTO delivery_status (mesh_id, cluster_id, reported_revision, state, results, drift, reported_at)
                        SELECT DISTINCT ON (mesh_id, cluster_id) mesh_id, cluster_id, revision, state,
                               CAST(results AS jsonb), CAST(drift AS jsonb), now()
                        FROM matched ORDER BY mesh_id, cluster_id, idx DESC
                        ON CONFLICT (mesh_id, cluster_id) DO UPDATE SET reported_revision = excluded.reported_revision,
                            state = excluded.state, results = excluded.results, drift = excluded.drift, reported_at = now()
                    )
                    SELECT idx, cluster_id, tenant_id, apis FROM matched""")) {
                statement.setArray(1, connection.createArrayOf("int4", index));
                statement.setArray(2, connection.createArrayOf("text", hashes));
                statement.setArray(3, connection.createArrayOf("text", meshes));
                statement.setArray(4, connection.createArrayOf("int4", revisions));
                statement.setArray(5, connection.createArrayOf("text", states));
                statement.setArray(6, connection.createArrayOf("text", results));
                statement.setArray(7, connection.createArrayOf("text", drift));
                List<Stored> stored = new java.util.ArrayList<>();
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        stored.add(new Stored(rows.getInt(1), new Reporter(rows.getObject(2, UUID.class),
                                rows.getObject(3, UUID.class), versions(rows.getString(4)))));
                    }
                }
                return stored;
            }
        });
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
