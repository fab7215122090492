package dev.meshfleet.audit;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One change: who made it, to what, from where, and the intent revisions before and after where there are any. Never
 * changed once written ({@code @Immutable}: no snapshot to dirty-check at each flush of the change's transaction).
 */
@Entity
@Immutable
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    public String actor;
    public String action;
    @Column(name = "object_type")
    public String objectType;
    @Column(name = "object_name")
    public String objectName;
    @Column(name = "before_revision")
    public Integer beforeRevision;
    @Column(name = "after_revision")
    public Integer afterRevision;
    public String source;
    @Column(name = "request_id")
    public String requestId;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> details;
    @Column(insertable = false, updatable = false)
    public OffsetDateTime at;
}
