package dev.meshfleet.gitops.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.meshfleet.common.error.FieldError;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A mesh's git source: where its intent lives (repository, branch, file), who sends its webhooks (provider), the
 * sealed secrets (webhook secret, fetch token or SSH key: {@code WrappedKey.encoded()} texts, never in clear), the SSH
 * host keys it trusts, and its status.
 */
@Entity
// only changed columns are written: a sync or rotation saving the row must not undo a concurrent KEK re-wrap
@org.hibernate.annotations.DynamicUpdate
@Table(name = "git_sources")
public class GitSource extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id", updatable = false)
    public UUID tenantId;
    @Column(name = "mesh_id", updatable = false)
    public UUID meshId;
    @Column(updatable = false)
    public String name;
    public String provider;
    public String repository;
    public String branch;
    public String path;
    @Column(name = "hook_id", updatable = false)
    public String hookId;
    @Column(name = "webhook_secret")
    public String webhookSecret;
    @Column(name = "credential_username")
    public String credentialUsername;
    @Column(name = "credential_token")
    public String credentialToken;
    @Column(name = "credential_ssh_key")
    public String credentialSshKey;
    @Column(name = "known_hosts")
    public String knownHosts;
    @Column(name = "poll_seconds")
    public Integer pollSeconds;
    public boolean suspended;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "last_sync_at")
    public OffsetDateTime lastSyncAt;
    @Column(name = "last_result")
    public String lastResult;
    @Column(name = "last_commit")
    public String lastCommit;
    @Column(name = "last_error")
    public String lastError;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "last_findings")
    public List<FieldError> lastFindings = List.of();
    @Column(name = "synced_commit")
    public String syncedCommit;
    @Column(name = "synced_revision")
    public Integer syncedRevision;

    public static Optional<GitSource> findByName(UUID meshId, String name) {
        return find("meshId = ?1 and name = ?2", meshId, name).firstResultOptional();
    }

    public static Optional<GitSource> findByHookId(String hookId) {
        return find("hookId", hookId).firstResultOptional();
    }

    /** Locks the source row: one sync of a source commits at a time, whichever replica runs it. */
    public static Optional<GitSource> lock(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public static List<GitSource> listByMesh(UUID meshId) {
        return list("meshId = ?1 order by name", meshId);
    }

    /** The context a sealed secret of this source is bound to (a sealed text moved to another row does not open). */
    /** Seal contexts start with this, then the source's id, then {@code /<secret>}. */
    public static final String CONTEXT_PREFIX = "git-source/";

    public String sealContext(String secret) {
        return CONTEXT_PREFIX + id + "/" + secret;
    }
}
