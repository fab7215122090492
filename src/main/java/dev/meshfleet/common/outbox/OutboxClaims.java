package dev.meshfleet.common.outbox;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The relays' side of the outbox table: claiming whole keys (a lease per topic and key in {@code outbox_leases}) with
 * their unpublished messages, and settling a pass. Each call is one short transaction of its own; nothing here is held
 * while messages are on their way to Kafka.
 */
@ApplicationScoped
public class OutboxClaims {
    /** An unpublished message of a key the caller holds. */
    public record Claimed(long id, String topic, String key, UUID messageId, String payload) {
    }

    private final EntityManager em;

    public OutboxClaims(EntityManager em) {
        this.em = em;
    }

    /**
     * Leases up to {@code maxKeys} keys that have unpublished messages and no live lease (oldest message first) to
     * {@code holder} for {@code lease}, and returns up to {@code maxRows} of their unpublished messages in id order.
     * Concurrent claimers never get the same key: the lease row's primary key serialises them, and a lease is taken over
     * only once it expired.
     */
    public List<Claimed> claim(String holder, Duration lease, int maxKeys, int maxRows) {
        return QuarkusTransaction.requiringNew().call(() -> {
            // candidates come from the oldest unpublished rows only, so a long backlog costs no full scan per pass
            int leased = em.createNativeQuery("""
                    INSERT INTO outbox_leases (topic, message_key, holder, expires_at)
                    SELECT topic, message_key, :holder, now() + make_interval(secs => :lease) FROM (
                        SELECT u.topic, u.message_key, min(u.id) AS first FROM (
                            SELECT id, topic, message_key FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :scan) u
                        WHERE NOT EXISTS (SELECT 1 FROM outbox_leases l WHERE l.topic = u.topic
                            AND l.message_key = u.message_key AND l.expires_at >= clock_timestamp())
                        GROUP BY u.topic, u.message_key ORDER BY first LIMIT :keys) c
                    ORDER BY topic, message_key
                    ON CONFLICT (topic, message_key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                        WHERE outbox_leases.expires_at < clock_timestamp()""")
                    .setParameter("holder", holder).setParameter("lease", lease.toMillis() / 1000.0)
                    .setParameter("scan", Math.max(maxRows, maxKeys) * 5).setParameter("keys", maxKeys).executeUpdate();
            if (leased == 0) {
                return List.<Claimed>of();
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT o.id, o.topic, o.message_key, o.message_id, CAST(o.payload AS text) FROM outbox o
                    JOIN outbox_leases l ON l.topic = o.topic AND l.message_key = o.message_key
                    WHERE o.published_at IS NULL AND l.holder = :holder ORDER BY o.id LIMIT :rows""")
                    .setParameter("holder", holder).setParameter("rows", maxRows).getResultList();
            if (rows.isEmpty()) { // published meanwhile by a relay of an older version: nothing to hold
                em.createNativeQuery("DELETE FROM outbox_leases WHERE holder = :holder").setParameter("holder", holder)
                        .executeUpdate();
            }
            return rows.stream().map(r -> new Claimed(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                    (UUID) r[3], (String) r[4])).toList();
        });
    }

    /**
     * Marks messages published and gives up the holder's leases, except those of {@code keep} (keys whose messages may
     * still be on their way: they stay leased until the lease expires, so no one sends them again meanwhile).
     */
    public void settle(String holder, Collection<Long> published, Collection<Claimed> keep) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (!published.isEmpty()) {
                em.createNativeQuery("UPDATE outbox SET published_at = now() WHERE id IN (:ids) AND published_at IS NULL")
                        .setParameter("ids", published).executeUpdate();
            }
            for (Claimed k : keep) {
                em.createNativeQuery("""
                        UPDATE outbox_leases SET holder = holder || '/kept' WHERE holder = :holder AND topic = :topic
                            AND message_key = :key""")
                        .setParameter("holder", holder).setParameter("topic", k.topic()).setParameter("key", k.key())
                        .executeUpdate();
            }
            em.createNativeQuery("DELETE FROM outbox_leases WHERE holder = :holder").setParameter("holder", holder)
                    .executeUpdate();
        });
    }
}
