package dev.meshfleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.common.messaging.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Kafka credentials reach every connection the server makes: pointed at the broker's SASL/PLAIN listener (which refuses
 * a wrong password; {@code scripts/infra} opens it on 9094) with only the standard {@code kafka.*} settings, the server
 * creates its topics there, its workflow engines join their consumer groups, and a rollout runs to the end (outbox
 * relay, rollout engine, delivery notices and live events all over the authenticated listener).
 */
@QuarkusTest
@TestProfile(KafkaCredentialsTest.SaslBroker.class)
class KafkaCredentialsTest {
    private static final String SERVERS = "127.0.0.1:" + System.getenv().getOrDefault("MESHFLEET_KAFKA_SASL_PORT", "9094");
    private static final String PASSWORD = System.getenv().getOrDefault("MESHFLEET_KAFKA_SASL_PASSWORD", "meshfleet-sasl-test");
    /** A prefix of this run only, so the topics the server finds missing (and must create itself) are really missing. */
    private static final String PREFIX = "meshfleet-test-sasl-" + Long.toString(System.currentTimeMillis(), 36);

    public static class SaslBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", SERVERS, "kafka.security.protocol", "SASL_PLAINTEXT",
                    "kafka.sasl.mechanism", "PLAIN", "kafka.sasl.jaas.config", jaas(PASSWORD),
                    "meshfleet.kafka.prefix", PREFIX);
        }
    }

    @TestHTTPResource("/")
    URL base;

    RolloutFleet fleet;

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"meshfleet\" password=\""
                + password + "\";";
    }

    private static Admin admin(String password) {
        Map<String, Object> settings = new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SERVERS,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas(password), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
        return Admin.create(settings);
    }

    @AfterEach
    void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @AfterAll
    static void deleteThisRunsTopics() throws Exception {
        try (Admin admin = admin(PASSWORD)) {
            admin.deleteTopics(Topics.ALL.stream().map(t -> PREFIX + "." + t).toList()).all().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void theListenerRefusesAWrongPassword() {
        try (Admin admin = admin("not-the-password")) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(15, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
        }
    }

    @Test
    void topicsEnginesAndARolloutWorkOverTheAuthenticatedListener() throws Exception {
        try (Admin admin = admin(PASSWORD)) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            for (String topic : Topics.ALL) {
                assertTrue(existing.contains(PREFIX + "." + topic), "the server created " + topic);
            }
            String pid = "-pid-" + ProcessHandle.current().pid();
            for (String group : List.of("rollout-engine", "trust-rotations", "gitops-sync")) {
                String id = PREFIX + "-" + group;
                RolloutFleet.await(id + " has this server as a member", () -> {
                    try {
                        ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(id)).all()
                                .get(10, TimeUnit.SECONDS).get(id);
                        return g.members().stream().anyMatch(m -> m.clientId().equals(id + pid));
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
        }

        fleet = RolloutFleet.threeClusters(base);
        String id = fleet.start(RolloutEndToEndTest.twoWaves(List.of(Map.of("setWeight", 50), Map.of("setWeight", 100)),
                null));
        fleet.awaitPhase(id, "SUCCEEDED");
        for (String c : List.of("c1", "c2", "c3")) {
            RolloutFleet.await(c + " at 100 % canary", () -> Map.of("v2", 100).equals(fleet.weights(c)));
        }
        assertEquals(2, fleet.rollout(id).getInt("resultRevision"));
    }
}
