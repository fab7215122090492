package dev.meshfleet.intent;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A named mesh of a tenant: its trust domain, its placement over clusters, and its current intent revision. */
@Entity
@Table(name = "meshes")
public class Mesh extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    public String name;
    @Column(name = "trust_domain")
    public String trustDomain;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> placement;
    /** forceConflicts (take fields other managers own) and drift ("correct" or "report"). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "delivery_policy", insertable = false)
    public Map<String, Object> deliveryPolicy;
    @Column(name = "current_revision")
    public Integer currentRevision;
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    /** What reading the current intent needs of a mesh: no entity, so no placement or policy JSON to parse and snapshot. */
    public record Head(UUID id, Integer currentRevision) {
    }

    /** In plain SQL: every GET of an intent asks this, and Hibernate's query machinery cost more than the query. */
    public static Optional<Head> headByName(UUID tenantId, String name) {
        return getSession().doReturningWork(connection -> {
            try (var statement = connection.prepareStatement(
                    "SELECT id, current_revision FROM meshes WHERE tenant_id = ? AND name = ?")) {
                statement.setObject(1, tenantId);
                statement.setString(2, name);
                try (var row = statement.executeQuery()) {
                    return row.next()
                            ? Optional.of(new Head(row.getObject(1, UUID.class), (Integer) row.getObject(2)))
                            : Optional.<Head> empty();
                }
            }
        });
    }

    public static Optional<Mesh> findByName(UUID tenantId, String name) {
        return find("tenantId = ?1 and name = ?2", tenantId, name).firstResultOptional();
    }

    /**
     * Locks the mesh row: revisions of one mesh are created one at a time, in If-Match order. In SQL: every intent PUT
     * asks this, and Hibernate translated the locked, limited query again on each call (7 % of a PUT's samples).
     */
    public static Optional<Mesh> lockByName(UUID tenantId, String name) {
        return getSession().createNativeQuery(
                "SELECT * FROM meshes WHERE tenant_id = :tenant AND name = :name FOR UPDATE", Mesh.class)
                .setParameter("tenant", tenantId).setParameter("name", name).uniqueResultOptional();
    }
}
