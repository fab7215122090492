package dev.meshfleet.workflow;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Which messages a consumer handled (processed_messages), written in the transaction that handles them: Kafka delivers
 * at least once, so a redelivered or duplicated command is recognised by its {@code messageId} and dropped.
 */
@ApplicationScoped
public class ProcessedMessages {
    private final EntityManager em;

    public ProcessedMessages(EntityManager em) {
        this.em = em;
    }

    /** Marks a message as handled; false when it was handled before (a duplicate or a redelivery). */
    public boolean firstDelivery(String consumer, UUID messageId) {
        return em.createNativeQuery("""
                INSERT INTO processed_messages (consumer, message_id) VALUES (:c, :m) ON CONFLICT DO NOTHING""")
                .setParameter("c", consumer).setParameter("m", messageId).executeUpdate() == 1;
    }
}
