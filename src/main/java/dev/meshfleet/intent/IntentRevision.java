package dev.meshfleet.intent;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

import dev.meshfleet.intent.analysis.Finding;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An immutable, numbered intent of a mesh, stored canonicalised. {@code @Immutable}: Hibernate never updates a revision
 * (an attempt is ignored) and keeps no snapshot of loaded ones to dirty-check at every flush.
 */
@Entity
@Immutable
@Table(name = "intent_revisions")
public class IntentRevision extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "mesh_id", updatable = false)
    public UUID meshId;
    @Column(updatable = false)
    public int number;
    /** The canonical intent document (JSON), written as it was hashed and read back as Postgres prints the jsonb. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    public String spec;
    @Column(name = "spec_sha256", updatable = false)
    public String specSha256;
    @Column(updatable = false)
    public String author;
    @Column(updatable = false)
    public String source;
    @Column(name = "source_ref", updatable = false)
    public String sourceRef;
    @Column(updatable = false)
    public Integer parent;
    /** Warnings of the semantic analysis when the revision was accepted. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    public List<Finding> findings;
    /** Where a revision written by a system came from (GitOps: repository, branch, path, commit, author, message). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    public Map<String, String> provenance;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    public static Optional<IntentRevision> findByNumber(UUID meshId, int number) {
        return find("meshId = ?1 and number = ?2", meshId, number).firstResultOptional();
    }

    /** The revision's SHA-256 alone: whether a new intent changes anything, without reading the document. */
    public static Optional<String> sha256(UUID meshId, int number) {
        return getEntityManager().createQuery("select specSha256 from IntentRevision where meshId = ?1 and number = ?2",
                String.class).setParameter(1, meshId).setParameter(2, number).getResultStream().findFirst();
    }
}
