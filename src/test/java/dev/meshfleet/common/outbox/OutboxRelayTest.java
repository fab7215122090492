package dev.meshfleet.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.LogCapture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The outbox relay with several replicas: besides this server's own relay, two independent relays (their own holder
 * ids and Kafka producers, as another replica would have) publish one outbox while writers keep adding to it. Each key's
 * messages reach the real topic in the order they were committed, each exactly once, and nothing about transactions is
 * logged (the relay no longer waits for Kafka inside a transaction).
 */
@QuarkusTest
class OutboxRelayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Outbox outbox;
    @Inject
    OutboxClaims claims;
    @Inject
    Topics topics;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final List<String> created = new ArrayList<>();

    /** A topic of this test alone (logical name; the outbox stores it with the installation's prefix). */
    private String freshTopic() throws Exception {
        String topic = "relay-test-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topics.name(topic), 4, (short) 1))).all().get(15, TimeUnit.SECONDS);
        }
        created.add(topics.name(topic));
        return topic;
    }

    @AfterEach
    void deleteTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(created).all().get(15, TimeUnit.SECONDS);
        }
    }

    /** Another replica's relay: its own producer, its own holder id, small claims so that relays interleave. */
    private static final class Replica implements AutoCloseable {
        final KafkaProducer<String, String> producer;
        final KeyLeasingRelay relay;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread;

        Replica(String bootstrap, OutboxClaims claims, Duration lease) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
            relay = new KeyLeasingRelay(claims, message -> {
                CompletableFuture<Object> ack = new CompletableFuture<>();
                producer.send(new ProducerRecord<>(message.topic(), message.key(), message.payload()), (m, e) -> {
                    if (e != null) {
                        ack.completeExceptionally(e);
                    } else {
                        ack.complete(m);
                    }
                });
                return ack;
            }, lease, lease.dividedBy(2), 3, 25);
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (relay.relayOnce() == 0) {
                            Thread.sleep(5);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "test-" + relay);
            thread.start();
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            thread.join(10_000);
            producer.close();
        }
    }

    private List<ConsumerRecord<String, String>> consume(String topic, int count) {
        KafkaCompanion kafka = new KafkaCompanion(bootstrap);
        try {
            return kafka.consume(String.class, String.class).withGroupId("relay-test-" + UUID.randomUUID())
                    .withOffsetReset(OffsetResetStrategy.EARLIEST).fromTopics(topics.name(topic))
                    .awaitRecords(count, Duration.ofSeconds(60)).getRecords();
        } finally {
            kafka.close();
        }
    }

    private static Map<String, List<Integer>> sequencesByKey(List<ConsumerRecord<String, String>> records) throws Exception {
        Map<String, List<Integer>> out = new TreeMap<>();
        for (ConsumerRecord<String, String> r : records) {
            JsonNode payload = JSON.readTree(r.value());
            assertEquals(r.key(), payload.path("key").asText());
            out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(payload.path("seq").asInt());
        }
        return out;
    }

    private long unpublished(String topic) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE topic = :t AND published_at IS NULL").setParameter("t", topics.name(topic))
                .getSingleResult()).longValue());
    }

    @Test
    void twoRelaysKeepEveryKeysOrderAndPublishEachMessageOnce() throws Exception {
        String topic = freshTopic();
        int keys = 12;
        int perKey = 60;
        try (LogCapture log = LogCapture.start(); Replica a = new Replica(bootstrap, claims, Duration.ofSeconds(20));
                Replica b = new Replica(bootstrap, claims, Duration.ofSeconds(20))) {
            // two writers, each owning half the keys, commit 1-3 messages at a time while the relays run
            List<Thread> writers = new ArrayList<>();
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                Thread t = new Thread(() -> {
                    Random random = new Random(writer);
                    int[] next = new int[keys];
                    try {
                        while (true) {
                            List<Integer> mine = new ArrayList<>();
                            for (int k = writer; k < keys; k += 2) {
                                if (next[k] < perKey) {
                                    mine.add(k);
                                }
                            }
                            if (mine.isEmpty()) {
                                return;
                            }
                            int key = mine.get(random.nextInt(mine.size()));
                            int n = Math.min(1 + random.nextInt(3), perKey - next[key]);
                            QuarkusTransaction.requiringNew().run(() -> {
                                for (int i = 0; i < n; i++) {
                                    outbox.add(topic, "key-" + key, Map.of("key", "key-" + key, "seq", next[key]++));
                                }
                            });
                        }
                    } catch (Throwable e) {
                        writerFailure.set(e);
                    }
                });
                t.start();
                writers.add(t);
            }
            for (Thread t : writers) {
                t.join(60_000);
            }
            assertEquals(null, writerFailure.get());

            List<ConsumerRecord<String, String>> records = consume(topic, keys * perKey);
            Map<String, List<Integer>> sequences = sequencesByKey(records);
            assertEquals(keys, sequences.size());
            List<Integer> expected = java.util.stream.IntStream.range(0, perKey).boxed().toList();
            sequences.forEach((key, seq) -> assertEquals(expected, seq, key + " arrived out of order or more than once"));
            Await.until("every row marked published", Duration.ofSeconds(30), () -> unpublished(topic) == 0);
            assertEquals(null, a.failure.get());
            assertEquals(null, b.failure.get());
            assertTrue(a.relay.published() > 0 && b.relay.published() > 0,
                    "both relays took part: " + a.relay.published() + " / " + b.relay.published());
            assertEquals(List.of(), log.transactionTroubleAndErrors());
        }
    }

    @Test
    void keysOfARelayThatDiedMidPassAreTakenOverOnceTheLeaseExpires() throws Exception {
        String topic = freshTopic();
        // a relay claims the key and dies before publishing anything: its lease is short
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 5; i++) {
                outbox.add(topic, "only-key", Map.of("key", "only-key", "seq", i));
            }
        });
        List<OutboxClaims.Claimed> taken = List.of();
        String dead = "dead-relay/" + UUID.randomUUID();
        for (int attempt = 0; taken.isEmpty() && attempt < 50; attempt++) {
            // this server's relay may have published them first: then add more and race again
            taken = claims.claim(dead, Duration.ofSeconds(3), 100, 100).stream()
                    .filter(c -> c.topic().equals(topics.name(topic))).toList();
            if (taken.isEmpty()) {
                int base = 5 * (attempt + 1);
                QuarkusTransaction.requiringNew().run(() -> {
                    for (int i = 0; i < 5; i++) {
                        outbox.add(topic, "only-key", Map.of("key", "only-key", "seq", base + i));
                    }
                });
            }
        }
        assertTrue(!taken.isEmpty(), "the dead relay claimed the key");
        // whatever else the dead relay claimed (other tests' keys) is released at once
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "DELETE FROM outbox_leases WHERE holder = :h AND topic <> :t").setParameter("h", dead)
                .setParameter("t", topics.name(topic)).executeUpdate());
        long expires = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT (extract(epoch FROM expires_at) * 1000)::bigint FROM outbox_leases WHERE holder = :h")
                .setParameter("h", dead).getSingleResult()).longValue());
        int firstTaken = JSON.readTree(taken.get(0).payload()).path("seq").asInt();
        int total = firstTaken + taken.size();

        try (Replica survivor = new Replica(bootstrap, claims, Duration.ofSeconds(20))) {
            Await.until("the dead relay's messages published", Duration.ofSeconds(30), () -> unpublished(topic) == 0);
            List<ConsumerRecord<String, String>> records = consume(topic, total);
            assertEquals(java.util.stream.IntStream.range(0, total).boxed().toList(),
                    sequencesByKey(records).get("only-key"), "in order, once");
            for (ConsumerRecord<String, String> r : records) {
                int seq = JSON.readTree(r.value()).path("seq").asInt();
                if (seq >= firstTaken) {
                    assertTrue(r.timestamp() >= expires,
                            "message " + seq + " was published before the dead relay's lease expired");
                }
            }
        }
    }
}
