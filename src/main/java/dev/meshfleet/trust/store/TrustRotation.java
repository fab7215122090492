package dev.meshfleet.trust.store;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import dev.meshfleet.trust.core.RotationPhase;

/** A root rotation of one mesh: its roots, direction, phase and status (the workflow's persisted state). */
@Entity
@Table(name = "trust_rotations")
public class TrustRotation extends PanacheEntityBase {
    public enum Status {
        RUNNING, PAUSED, COMPLETED, ROLLED_BACK;

        public boolean active() {
            return this == RUNNING || this == PAUSED;
        }
    }

    public enum Direction {
        FORWARD, ROLLBACK
    }

    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    @Column(name = "mesh_id")
    public UUID meshId;
    @Column(name = "from_root_id")
    public UUID fromRootId;
    @Column(name = "to_root_id")
    public UUID toRootId;
    public String direction;
    public String phase;
    public String status;
    @Column(name = "phase_started_at")
    public OffsetDateTime phaseStartedAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public RotationPhase phase() {
        return RotationPhase.valueOf(phase);
    }

    public Status status() {
        return Status.valueOf(status);
    }

    public boolean rollingBack() {
        return Direction.ROLLBACK.name().equals(direction);
    }

    /** The root being replaced in the current direction (from, or to when rolling back). */
    public UUID outgoingRoot() {
        return rollingBack() ? toRootId : fromRootId;
    }

    /** The root the clusters end on in the current direction. */
    public UUID incomingRoot() {
        return rollingBack() ? fromRootId : toRootId;
    }
}
