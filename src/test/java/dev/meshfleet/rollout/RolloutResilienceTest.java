package dev.meshfleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.rollout.engine.RolloutEngine;

/**
 * What must not go wrong when messages are duplicated, the engine stops mid-step, or the broker restarts: the real
 * broker, the real engine (stopped and started again), Postgres, real agents.
 */
@QuarkusTest
class RolloutResilienceTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    RolloutEngine engine;
    @Inject
    EntityManager em;
    @Inject
    Topics topics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "meshfleet.rollout.engine.group")
    String group;

    RolloutFleet fleet;

    @AfterEach
    void tearDown() {
        engine.start();
        if (fleet != null) {
            fleet.close();
        }
    }

    private RolloutFleet threeClusters() throws Exception {
        fleet = RolloutFleet.threeClusters(base);
        return fleet;
    }

    private List<String> eventTypes(String id) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT type || ' ' || coalesce(detail, '') FROM rollout_events WHERE rollout_id = CAST(:id AS uuid) ORDER BY id")
                .setParameter("id", id).getResultList()).stream().map(Object::toString).toList();
    }

    /** "wave/step" of each step-started event, in order. */
    private List<String> stepsStarted(String id) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT wave || '/' || step FROM rollout_events WHERE rollout_id = CAST(:id AS uuid) AND type = 'step-started' ORDER BY id")
                .setParameter("id", id).getResultList()).stream().map(Object::toString).toList();
    }

    private long lastOutboxId() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT coalesce(max(id), 0) FROM outbox").getSingleResult()).longValue());
    }

    /** Payloads of the rollout's commands of a type written to the outbox after the given row (published ones only). */
    private List<String> commandsSince(String id, String type, long afterOutboxId, boolean publishedOnly) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT CAST(payload AS text) FROM outbox WHERE topic = :t AND message_key = :k AND id > :after "
                        + "AND payload ->> 'type' = :type" + (publishedOnly ? " AND published_at IS NOT NULL" : ""))
                .setParameter("t", topics.name(Topics.ROLLOUT_COMMANDS)).setParameter("k", id).setParameter("after", afterOutboxId)
                .setParameter("type", type).getResultList()).stream().map(Object::toString).toList();
    }

    private String clusterId(String name) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT CAST(c.id AS text) FROM clusters c JOIN tenants t ON t.id = c.tenant_id WHERE t.name = :tenant "
                        + "AND c.name = :name").setParameter("tenant", fleet.tenant).setParameter("name", name)
                .getSingleResult().toString());
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    @Test
    void duplicatedCommandChangesNothing() throws Exception {
        threeClusters();
        String id = fleet.start(RolloutEndToEndTest.twoWaves(List.of(Map.of("setWeight", 20), Map.of("pause", Map.of()),
                Map.of("setWeight", 100)), null));
        fleet.awaitPausedAt(id, 0, 1);
        fleet.act(id, "resume");
        fleet.awaitPausedAt(id, 1, 1);
        List<String> before = eventTypes(id);

        // the resume command exactly as the outbox published it, delivered twice more (same message id)
        String resume = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT CAST(payload AS text) FROM outbox WHERE topic = :t AND message_key = :k AND payload ->> 'type' = 'resume'")
                .setParameter("t", topics.name(Topics.ROLLOUT_COMMANDS)).setParameter("k", id).getSingleResult());
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topics.name(Topics.ROLLOUT_COMMANDS), id, resume)).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topics.name(Topics.ROLLOUT_COMMANDS), id, resume)).get(10, TimeUnit.SECONDS);
        }
        // a real resume after them: same partition, so handled after the duplicates
        fleet.act(id, "resume");
        fleet.awaitPhase(id, "SUCCEEDED");
        List<String> after = eventTypes(id);
        assertEquals(before, after.subList(0, before.size()), "history before the duplicates unchanged");
        assertEquals(2, after.stream().filter(e -> e.equals("phase PAUSED -> PROGRESSING")).count(),
                "two resumes by people, no more: " + after);
        assertEquals(List.of("0/0", "0/1", "0/2", "1/0", "1/1", "1/2"), stepsStarted(id));
    }

    @Test
    void engineStoppedMidStepResumesWithoutSkippingOrRepeating() throws Exception {
        threeClusters();
        Instant started = Instant.now();
        String id = fleet.start(RolloutEndToEndTest.twoWaves(List.of(Map.of("setWeight", 20), Map.of("pause", Map.of()),
                Map.of("setWeight", 60), Map.of("setWeight", 100)), null));
        fleet.awaitPausedAt(id, 0, 1);

        // c1's agent goes away, so the next weight step waits for its confirmation: the engine is then stopped mid-step
        fleet.agents.get("c1").stop();
        fleet.act(id, "resume");
        RolloutFleet.await("step 60 % waiting for c1", () -> {
            var r = fleet.rollout(id);
            return r.getInt("position.step") == 2 && r.getList("awaiting").equals(List.of("c1"));
        });
        engine.stop();
        long outboxBefore = lastOutboxId();
        fleet.startAgent("c1", null); // applies 60 % and confirms while no engine runs: the confirmation waits in Kafka
        RolloutFleet.await("c1 at 60 %", () -> Map.of("v1", 40, "v2", 60).equals(fleet.weights("c1")));
        RolloutFleet.await("c1's confirmation published to Kafka", () -> commandsSince(id, "applied", outboxBefore, true)
                .stream().anyMatch(c -> c.contains(clusterId("c1"))));
        assertEquals("PROGRESSING", fleet.rollout(id).getString("phase"));
        assertEquals(2, fleet.rollout(id).getInt("position.step"), "nothing moves while the engine is stopped");

        // as if the engine had crashed before committing its offsets: everything since the test began is redelivered
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<TopicPartition> partitions = admin.describeTopics(List.of(topics.name(Topics.ROLLOUT_COMMANDS))).allTopicNames().get()
                    .get(topics.name(Topics.ROLLOUT_COMMANDS)).partitions().stream()
                    .map(p -> new TopicPartition(topics.name(Topics.ROLLOUT_COMMANDS), p.partition())).collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, OffsetSpec.forTimestamp(started.toEpochMilli())));
            Map<TopicPartition, OffsetAndMetadata> rewind = new HashMap<>();
            admin.listOffsets(at).all().get().forEach((p, o) -> {
                if (o.offset() >= 0) {
                    rewind.put(p, new OffsetAndMetadata(o.offset()));
                }
            });
            RolloutFleet.await("the stopped engine left its group", () -> {
                try {
                    admin.alterConsumerGroupOffsets(group, rewind).all().get();
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        engine.start();
        fleet.awaitPausedAt(id, 1, 1);
        fleet.act(id, "resume");
        fleet.awaitPhase(id, "SUCCEEDED");
        assertEquals(List.of("0/0", "0/1", "0/2", "0/3", "1/0", "1/1", "1/2", "1/3"), stepsStarted(id),
                "every step once, in order");
        List<String> weights = eventTypes(id).stream().filter(e -> e.startsWith("weights-set")).toList();
        assertEquals(6, weights.size(), weights.toString());
        for (int g = 1; g <= 6; g++) {
            assertTrue(weights.get(g - 1).contains("(generation " + g + ")"), weights.toString());
        }
    }

    private static void broker(String action) throws Exception {
        Process p = new ProcessBuilder("scripts/infra", action).inheritIO().start();
        assertEquals(0, p.waitFor(), "scripts/infra " + action);
    }

    @Test
    void brokerRestartedMidRolloutLosesNothing() throws Exception {
        threeClusters();
        String id = fleet.start(RolloutEndToEndTest.twoWaves(List.of(Map.of("setWeight", 30), Map.of("pause", Map.of()),
                Map.of("setWeight", 100)), null));
        fleet.awaitPausedAt(id, 0, 1);
        broker("kafka-stop");
        try {
            // accepted while the broker is down: the command waits in the outbox, not lost
            long outboxBefore = lastOutboxId();
            fleet.act(id, "resume");
            assertEquals(1, commandsSince(id, "resume", outboxBefore, false).size(), "the resume waits in the outbox");
            assertEquals(List.of(), commandsSince(id, "resume", outboxBefore, true), "and is not published");
            assertEquals("PAUSED", fleet.rollout(id).getString("phase"));
        } finally {
            broker("kafka-start");
        }
        fleet.awaitPausedAt(id, 1, 1);
        assertEquals(Map.of("v2", 100), fleet.weights("c1"));
        assertEquals(Map.of("v1", 70, "v2", 30), fleet.weights("c2"));
        fleet.act(id, "resume");
        fleet.awaitPhase(id, "SUCCEEDED");
        assertEquals(List.of("0/0", "0/1", "0/2", "1/0", "1/1", "1/2"), stepsStarted(id));
    }
}
