package dev.meshfleet.gitops;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Duplicate delivery id after a restart: {@link WebhookReceiverTest#duplicateDeliveryId} (default profile) hands over a
 * delivery that its run of the application accepted; this class runs under another profile, so Quarkus has stopped
 * that application and started a new one (new beans, new memory: the rate limiter and every cache are empty) on the
 * same database (the profile keeps Flyway from cleaning it at start, as a production restart would). The same delivery,
 * sent again to the new run, is verified and answered as a duplicate, and no second sync job is written: the
 * deduplication lives in Postgres. Were it kept in memory, the new run would accept it (202) and this test would fail.
 * QuarkusClassOrderer runs profile-less classes first; run alone, this class has nothing handed over and is skipped.
 */
@QuarkusTest
@TestProfile(WebhookRedeliveryAfterRestartTest.Restarted.class)
class WebhookRedeliveryAfterRestartTest {
    /** The application started again on the database the earlier run wrote (tests otherwise start from a clean one). */
    public static class Restarted implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("quarkus.flyway.clean-at-start", "false");
        }
    }

    @Inject
    EntityManager em;

    @Test
    void duplicateDeliveryIdAfterARestart() {
        var accepted = RedeliveryAcrossRestart.take();
        Assumptions.assumeTrue(accepted.isPresent(), "run together with WebhookReceiverTest (it accepts the delivery)");
        var earlier = accepted.get();
        assertNotEquals(earlier.bootId(), RedeliveryAcrossRestart.bootId(), "the application was restarted in between");
        Hooks.Source source = new Hooks.Source(null, earlier.hookPath(), earlier.secret(), null);
        Hooks.github(source, earlier.secret(), "push", earlier.deliveryId(), WebhookReceiverTest.PUSH).then()
                .statusCode(200).body("result", equalTo("duplicate"));
        long jobs = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE topic LIKE '%.gitops.sync' AND payload->>'deliveryId' = :d")
                .setParameter("d", earlier.deliveryId()).getSingleResult()).longValue());
        assertEquals(1, jobs, "the redelivery wrote no second sync job");
    }
}
