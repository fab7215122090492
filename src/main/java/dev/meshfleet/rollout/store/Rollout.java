package dev.meshfleet.rollout.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A canary rollout of one service (or services moved together) across a mesh's clusters. The request is kept as
 * written; the waves as resolved when it was created; the state is the state machine's, advanced only by the engine.
 */
@Entity
@Table(name = "rollouts")
public class Rollout extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    @Column(name = "mesh_id")
    public UUID meshId;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> services;
    @Column(name = "stable_version")
    public String stableVersion;
    @Column(name = "canary_version")
    public String canaryVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> request;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Map<String, Object>> waves;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> state;
    public String phase;
    @Column(name = "base_revision")
    public Integer baseRevision;
    @Column(name = "result_revision")
    public Integer resultRevision;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "step_started_at")
    public OffsetDateTime stepStartedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    @Column(name = "released_at")
    public OffsetDateTime releasedAt;

    /** Phases in which a rollout owns its services' routes. */
    public static final List<String> ACTIVE = List.of("PENDING", "PROGRESSING", "PAUSED");

    public boolean active() {
        return ACTIVE.contains(phase);
    }

    public static Optional<Rollout> lock(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public static Optional<Rollout> findInMesh(UUID meshId, UUID id) {
        return find("meshId = ?1 and id = ?2", meshId, id).firstResultOptional();
    }

    /** Rollouts whose weights still overlay the mesh's intent (active ones and finished ones holding stable). */
    public static List<Rollout> held(UUID meshId) {
        return list("meshId = ?1 and releasedAt is null order by createdAt", meshId);
    }
}
