package dev.meshfleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.LogCapture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Installations sharing a Kafka broker stay apart: the test profile's topics and consumer groups carry its own prefix
 * (so ./mvnw test next to a dev server on the same broker leaves the server's messages alone), and a rollout command
 * that reaches this installation for a rollout its database does not know is consumed without effect and logged.
 */
@QuarkusTest
class KafkaInstallationTest {
    @Inject
    Topics topics;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    @Test
    void topicsAndConsumerGroupsCarryTheTestProfilesPrefix() throws Exception {
        assertEquals("meshfleet-test", topics.prefix());
        assertEquals("meshfleet-test.rollout.commands", topics.name(Topics.ROLLOUT_COMMANDS));
        assertEquals("meshfleet-test.rollout.events", config("mp.messaging.incoming.rollout-events.topic"));
        assertEquals("meshfleet-test.intent.revisions,meshfleet-test.delivery.changes",
                config("mp.messaging.incoming.delivery-notices.topics"));
        assertTrue(config("mp.messaging.incoming.delivery-notices.group.id").startsWith("meshfleet-test-delivery-"));
        assertTrue(config("mp.messaging.incoming.rollout-events.group.id").startsWith("meshfleet-test-rollout-events-"));
        assertEquals("meshfleet-test-rollout-engine", config("meshfleet.rollout.engine.group"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            for (String topic : Topics.ALL) {
                assertTrue(existing.contains("meshfleet-test." + topic), topic);
            }
        }
        long elsewhere = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE topic NOT LIKE 'meshfleet-test.%'").getSingleResult()).longValue());
        assertEquals(0, elsewhere, "every message of this installation goes to its own topics");
    }

    @Test
    void aCommandForARolloutThisDatabaseDoesNotKnowIsLoggedAndConsumed() throws Exception {
        String rolloutId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (LogCapture log = LogCapture.start(); KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            String command = "{\"messageId\":\"" + messageId + "\",\"rolloutId\":\"" + rolloutId + "\",\"type\":\"abort\"}";
            producer.send(new ProducerRecord<>(topics.name(Topics.ROLLOUT_COMMANDS), rolloutId, command))
                    .get(10, TimeUnit.SECONDS);
            Await.until("the engine consumed the command", Duration.ofSeconds(30), () -> QuarkusTransaction.requiringNew()
                    .call(() -> ((Number) em.createNativeQuery(
                            "SELECT count(*) FROM processed_messages WHERE message_id = CAST(:m AS uuid)")
                            .setParameter("m", messageId).getSingleResult()).intValue() == 1));
            Await.until("a warning naming the rollout", Duration.ofSeconds(5), () -> !log.lines(l -> l.level()
                    .intValue() == java.util.logging.Level.WARNING.intValue() && l.text().contains(rolloutId)).isEmpty());
            List<LogCapture.Line> warning = log.lines(l -> l.text().contains(rolloutId));
            assertTrue(warning.get(0).text().contains("unknown to this database"), warning.toString());
            assertEquals(List.of(), log.transactionTroubleAndErrors());
        }
    }
}
