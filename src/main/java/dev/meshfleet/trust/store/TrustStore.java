package dev.meshfleet.trust.store;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.common.persistence.SqlValues;
import dev.meshfleet.protocol.TrustReport;

/** The trust tables Panache entities do not cover: agents' reports (jsonb), rotation confirmations and events. */
@ApplicationScoped
public class TrustStore {
    private final EntityManager em;
    private final ObjectMapper json;

    public TrustStore(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /** Stores the cluster's report; true when it differs from the one stored before (only then can evidence change). */
    public boolean saveReport(UUID tenantId, UUID clusterId, TrustReport report) {
        String text = write(report);
        int changed = em.createNativeQuery("INSERT INTO trust_cluster_reports (cluster_id, tenant_id, report, reported_at) "
                + "VALUES (:c, :t, cast(:r AS jsonb), now()) ON CONFLICT (cluster_id) DO UPDATE SET "
                + "report = excluded.report, reported_at = excluded.reported_at "
                + "WHERE trust_cluster_reports.report IS DISTINCT FROM excluded.report")
                .setParameter("c", clusterId).setParameter("t", tenantId).setParameter("r", text).executeUpdate();
        if (changed == 0) {
            em.createNativeQuery("UPDATE trust_cluster_reports SET reported_at = now() WHERE cluster_id = :c")
                    .setParameter("c", clusterId).executeUpdate();
        }
        return changed > 0;
    }

    /** A report with when it came. */
    public record StoredReport(TrustReport report, OffsetDateTime reportedAt) {
    }

    public Map<UUID, StoredReport> reports(Collection<UUID> clusterIds) {
        Map<UUID, StoredReport> out = new HashMap<>();
        if (clusterIds.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT cluster_id, cast(report AS text), reported_at "
                + "FROM trust_cluster_reports WHERE cluster_id IN (:ids)").setParameter("ids", clusterIds).getResultList();
        for (Object[] row : rows) {
            out.put((UUID) row[0], new StoredReport(read((String) row[1]), SqlValues.offsetDateTime(row[2])));
        }
        return out;
    }

    /** Records that the cluster showed the phase's evidence; true the first time. */
    public boolean confirm(UUID rotationId, String direction, String phase, UUID clusterId) {
        return em.createNativeQuery("INSERT INTO trust_rotation_confirmations (rotation_id, direction, phase, cluster_id) "
                + "VALUES (:r, :d, :p, :c) ON CONFLICT DO NOTHING").setParameter("r", rotationId)
                .setParameter("d", direction).setParameter("p", phase).setParameter("c", clusterId).executeUpdate() > 0;
    }

    /** Per cluster, when it confirmed the given phase of the rotation's direction. */
    public Map<UUID, OffsetDateTime> confirmations(UUID rotationId, String direction, String phase) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT cluster_id, confirmed_at FROM trust_rotation_confirmations "
                + "WHERE rotation_id = :r AND direction = :d AND phase = :p").setParameter("r", rotationId)
                .setParameter("d", direction).setParameter("p", phase).getResultList();
        Map<UUID, OffsetDateTime> out = new HashMap<>();
        rows.forEach(r -> out.put((UUID) r[0], SqlValues.offsetDateTime(r[1])));
        return out;
    }

    public record Event(long id, String type, String phase, String detail, OffsetDateTime at) {
    }

    public long addEvent(UUID rotationId, String type, String phase, String detail) {
        return ((Number) em.createNativeQuery("INSERT INTO trust_rotation_events (rotation_id, type, phase, detail) "
                + "VALUES (:r, :t, :p, :d) RETURNING id").setParameter("r", rotationId).setParameter("t", type)
                .setParameter("p", phase).setParameter("d", detail).getSingleResult()).longValue();
    }

    public List<Event> events(UUID rotationId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, type, phase, detail, at FROM trust_rotation_events "
                + "WHERE rotation_id = :r ORDER BY id").setParameter("r", rotationId).getResultList();
        return rows.stream().map(r -> new Event(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                SqlValues.offsetDateTime(r[4]))).toList();
    }

    /** Whether the root issued an intermediate to the cluster in this mesh. */
    public boolean issuedTo(UUID meshId, UUID clusterId, UUID rootId) {
        return TrustIntermediate.count("meshId = ?1 and clusterId = ?2 and rootId = ?3", meshId, clusterId, rootId) > 0;
    }

    /** The latest intermediate each cluster of the mesh was issued. */
    public Map<UUID, TrustIntermediate> latestIntermediates(UUID meshId) {
        List<TrustIntermediate> all = TrustIntermediate.list("meshId = ?1 order by issuedAt", meshId);
        Map<UUID, TrustIntermediate> out = new HashMap<>();
        all.forEach(i -> out.put(i.clusterId, i));
        return out;
    }

    /** When the last certificate the root signed expires, if it signed any. */
    public Optional<OffsetDateTime> lastExpiryUnder(UUID rootId) {
        Object max = em.createNativeQuery("SELECT max(not_after) FROM trust_intermediates WHERE root_id = :r")
                .setParameter("r", rootId).getSingleResult();
        return Optional.ofNullable(max).map(SqlValues::offsetDateTime);
    }

    private String write(TrustReport report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a trust report cannot be written as JSON", e);
        }
    }

    private TrustReport read(String text) {
        try {
            return json.readValue(text, TrustReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored trust report cannot be read", e);
        }
    }
}
