package dev.meshfleet.gitops.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.meshfleet.common.error.FieldError;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One sync of a source, as it ended: the commit it read, what it made of it, and how long it took. */
@Entity
@Table(name = "git_syncs")
public class GitSync extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "source_id")
    public UUID sourceId;
    public String trigger;
    public String result;
    @Column(name = "commit_id")
    public String commitId;
    public String author;
    public String message;
    public Integer revision;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<FieldError> findings = List.of();
    public String error;
    @Column(name = "duration_ms")
    public long durationMs;
    @Column(name = "at", insertable = false, updatable = false)
    public OffsetDateTime at;

    /** The source's syncs with ids below {@code beforeId}, newest first. */
    public static List<GitSync> page(UUID sourceId, long beforeId, int limit) {
        return find("sourceId = ?1 and id < ?2 order by id desc", sourceId, beforeId).page(0, limit).list();
    }

    /** Deletes (at most 5,000 per call) the syncs of each source beyond its newest {@code keep}; returns how many. */
    public static int prune(int keep) {
        return getEntityManager().createNativeQuery("""
                DELETE FROM git_syncs WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY source_id
                    ORDER BY id DESC) AS newer FROM git_syncs) ranked WHERE newer > :keep LIMIT 5000)""")
                .setParameter("keep", keep).executeUpdate();
    }
}
