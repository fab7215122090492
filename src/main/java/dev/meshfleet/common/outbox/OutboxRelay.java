package dev.meshfleet.common.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes outbox rows to Kafka, oldest first, and marks them published only after the broker acknowledged them.
 * Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of replicas can relay without publishing a row twice
 * in the normal case; after a crash between publish and commit a row is published again, which consumers tolerate
 * (every payload carries its {@code messageId}).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    /** Added latency that lets one relay pass carry the messages of many concurrent commits. */
    private static final long COALESCE_MILLIS = 10;

    private final EntityManager entityManager;
    private final MutinyEmitter<String> emitter;

    public OutboxRelay(EntityManager entityManager, @Channel("outbox") MutinyEmitter<String> emitter,
            @ConfigProperty(name = "meshfleet.outbox.poll-interval", defaultValue = "PT0.2S") Duration pollInterval) {
        this.entityManager = entityManager;
        this.emitter = emitter;
        this.pollInterval = pollInterval;
    }

    private final Duration pollInterval;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile Thread poller;

    void start(@Observes StartupEvent event) {
        // A thread of its own: woken right after each commit that wrote messages, and polling meanwhile (messages of
        // another replica's crashed relay, or of a failed publish, are picked up within one poll interval).
        poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                relay();
                try {
                    if (wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                        // woken by a commit: wait a moment so a burst of commits goes out as one batch
                        Thread.sleep(COALESCE_MILLIS);
                    }
                    wakeups.drainPermits();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "outbox-relay");
        poller.setDaemon(true);
        poller.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.interrupt();
        }
    }

    /** Asks for a relay pass now (called after a commit that wrote outbox messages). */
    public void wake() {
        wakeups.release();
    }

    void relay() {
        try {
            while (relayBatch() == BATCH) {
                // keep draining while full batches come back
            }
        } catch (Exception e) {
            LOG.warnf("outbox relay paused, will retry: %s", e.getMessage());
        }
    }

    /** Publishes one batch; returns how many rows it published. */
    @Transactional
    public int relayBatch() {
        @SuppressWarnings("unchecked")
        List<OutboxMessage> batch = entityManager.createNativeQuery(
                "SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED",
                OutboxMessage.class).setParameter("n", BATCH).getResultList();
        if (batch.isEmpty()) {
            return 0;
        }
        List<Uni<Void>> acks = new ArrayList<>(batch.size());
        for (OutboxMessage row : batch) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("message-id", row.messageId.toString().getBytes(StandardCharsets.UTF_8));
            var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(row.topic).withKey(row.key).withHeaders(headers).build();
            acks.add(emitter.sendMessage(Message.of(row.payload).addMetadata(metadata)));
        }
        Uni.join().all(acks).andFailFast().await().atMost(Duration.ofSeconds(15));
        OffsetDateTime now = OffsetDateTime.now();
        batch.forEach(row -> row.publishedAt = now);
        return batch.size();
    }
}
