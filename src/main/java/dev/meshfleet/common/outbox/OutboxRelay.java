package dev.meshfleet.common.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * This replica's outbox relay: publishes outbox rows to Kafka through the {@code outbox} channel, marking them published
 * only after the broker acknowledged them. The claiming, ordering and lease rules are {@link KeyLeasingRelay}'s; no
 * transaction is open while messages are sent (a transaction held across the wait for acknowledgements would be
 * committed from another thread and hold its rows locked for as long as the broker is slow).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final int KEYS = 50;
    /** Added latency that lets one relay pass carry the messages of many concurrent commits. */
    private static final long COALESCE_MILLIS = 10;

    private final KeyLeasingRelay relay;
    private final Duration pollInterval;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile Thread poller;

    public OutboxRelay(OutboxClaims claims, @Channel("outbox") MutinyEmitter<String> emitter,
            OutboxConfig config) {
        this.pollInterval = config.pollInterval();
        this.relay = new KeyLeasingRelay(claims, message -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add("message-id", message.messageId().toString().getBytes(StandardCharsets.UTF_8));
            var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(message.topic()).withKey(message.key()).withHeaders(headers).build();
            // subscribed at once, in the pass's order: the producer keeps that order per partition
            return emitter.sendMessage(Message.of(message.payload()).addMetadata(metadata)).subscribeAsCompletionStage();
        }, config.lease(), config.ackTimeout(), KEYS, BATCH);
    }

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
            while (relay.relayOnce() == BATCH) {
                // keep draining while full batches come back
            }
        } catch (Exception e) {
            if (!Thread.currentThread().isInterrupted()) {
                LOG.warnf("outbox relay paused, will retry: %s", e.getMessage());
            }
        }
    }
}
