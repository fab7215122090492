package dev.meshfleet.common.outbox;

import java.time.OffsetDateTime;
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
 * A message that must follow a committed change, written in the change's own transaction and relayed to Kafka later.
 * The entity only inserts ({@code @Immutable}: no snapshot to dirty-check); the relay marks rows published in SQL.
 */
@Entity
@Immutable
@Table(name = "outbox")
public class OutboxMessage extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String topic;
    @Column(name = "message_key")
    public String key;
    @Column(name = "message_id")
    public UUID messageId;
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "published_at")
    public OffsetDateTime publishedAt;
}
