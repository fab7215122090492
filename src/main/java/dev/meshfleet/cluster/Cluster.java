package dev.meshfleet.cluster;

import java.time.OffsetDateTime;
import java.util.List;
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

/** A registered Kubernetes cluster: its labels (which placements select on) and what its agent told us. */
@Entity
@Table(name = "clusters")
public class Cluster extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    public String name;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> labels;
    @Column(name = "bootstrap_token_hash")
    public String bootstrapTokenHash;
    @Column(name = "bootstrap_expires_at")
    public OffsetDateTime bootstrapExpiresAt;
    /** Hash of a used bootstrap token with the idempotency key it was used with: a retry of that registration. */
    @Column(name = "bootstrap_retry_hash")
    public String bootstrapRetryHash;
    @Column(name = "bootstrap_retry_until")
    public OffsetDateTime bootstrapRetryUntil;
    @Column(name = "credential_hash")
    public String credentialHash;
    @Column(name = "istio_version")
    public String istioVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "istio_api_versions")
    public List<String> istioApiVersions;
    @Column(name = "last_contact_at")
    public OffsetDateTime lastContactAt;
    @Column(name = "agent_version")
    public String agentVersion;
    @Column(name = "credential_issued_at")
    public OffsetDateTime credentialIssuedAt;
    /** The cluster's Prometheus (HTTP API base URL) that its agent queries for rollout analysis. */
    @Column(name = "prometheus_url")
    public String prometheusUrl;
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public static Optional<Cluster> findByCredentialHash(String hash) {
        return find("credentialHash", hash).firstResultOptional();
    }

    public static Optional<Cluster> findByBootstrapTokenHash(String hash) {
        return find("bootstrapTokenHash", hash).firstResultOptional();
    }

    public static Optional<Cluster> findByBootstrapRetryHash(String hash) {
        return find("bootstrapRetryHash", hash).firstResultOptional();
    }

    /** No retry of the last registration is honoured any more (the agent used its credential, or lost it for good). */
    public void endRegistrationRetries() {
        bootstrapRetryHash = null;
        bootstrapRetryUntil = null;
    }

    public static Optional<Cluster> findByName(UUID tenantId, String name) {
        return find("tenantId = ?1 and name = ?2", tenantId, name).firstResultOptional();
    }
}
