package dev.meshfleet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.outbox.MessageRetention;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Old published outbox rows and old handled-message records go; unpublished and recent ones stay. */
@QuarkusTest
class MessageRetentionTest {
    @Inject
    MessageRetention retention;
    @Inject
    EntityManager em;

    private void outbox(UUID id, String publishedAgo) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO outbox (topic, message_key, message_id, payload, created_at, published_at)
                VALUES ('meshfleet-test.retention-test', 'k', :id, '{}'::jsonb, now() - interval '30 days',
                        CASE WHEN :ago = '' THEN NULL ELSE now() - CAST(:ago AS interval) END)""")
                .setParameter("id", id).setParameter("ago", publishedAgo).executeUpdate());
    }

    private void processed(UUID id, String ago) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO processed_messages (consumer, message_id, processed_at)
                VALUES ('retention-test', :id, now() - CAST(:ago AS interval))""")
                .setParameter("id", id).setParameter("ago", ago).executeUpdate());
    }

    private long count(String sql, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).setParameter("id", id)
                .getSingleResult()).longValue());
    }

    @Test
    void purgesOnlyWhatNoRedeliveryCanReach() {
        UUID oldPublished = UUID.randomUUID(), recentPublished = UUID.randomUUID(), unpublished = UUID.randomUUID();
        outbox(oldPublished, "20 days");
        outbox(recentPublished, "1 day");
        outbox(unpublished, "");
        UUID oldHandled = UUID.randomUUID(), recentHandled = UUID.randomUUID();
        processed(oldHandled, "20 days");
        processed(recentHandled, "2 days");

        retention.purge();

        String outbox = "SELECT count(*) FROM outbox WHERE message_id = :id";
        String handled = "SELECT count(*) FROM processed_messages WHERE message_id = :id";
        assertEquals(0, count(outbox, oldPublished));
        assertEquals(1, count(outbox, recentPublished));
        assertEquals(1, count(outbox, unpublished), "never published: the relay still owes it");
        assertEquals(0, count(handled, oldHandled));
        assertEquals(1, count(handled, recentHandled));
        // the rows left are this test's, on a topic no consumer reads: gone, so that other tests see only their own
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "DELETE FROM outbox WHERE topic = 'meshfleet-test.retention-test'").executeUpdate());
    }
}
