package dev.meshfleet.common.outbox;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.common.messaging.Topics;

/**
 * The transactional outbox: callers add messages inside the transaction of the change they announce, so a message exists
 * exactly when its change committed. {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {
    private final ObjectMapper json;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final Topics topics;

    public Outbox(ObjectMapper json, TransactionSynchronizationRegistry transactions, OutboxRelay relay, Topics topics) {
        this.json = json;
        this.transactions = transactions;
        this.relay = relay;
        this.topics = topics;
    }

    /**
     * Adds a message to one of {@link Topics}' topics (stored under the installation's name for it); the payload gains a
     * {@code messageId} so consumers can drop duplicates.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID add(String topic, String key, Map<String, Object> payload) {
        OutboxMessage message = new OutboxMessage();
        message.topic = topics.name(topic);
        message.key = key;
        message.messageId = UUID.randomUUID();
        var body = new java.util.LinkedHashMap<String, Object>(payload);
        body.put("messageId", message.messageId.toString());
        try {
            message.payload = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox payload is not serialisable", e);
        }
        message.persist();
        // publish right after commit instead of at the relay's next poll
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
        return message.messageId;
    }
}
