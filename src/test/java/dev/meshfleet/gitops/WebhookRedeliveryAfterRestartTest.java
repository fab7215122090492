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
import io.quarkus.test.junit.TestProfile;

/**
 * Duplicate delivery id after a restart: {@link WebhookAcceptedBeforeRestartTest} (profile Run1) hands over a
 * delivery that its run of the application accepted; this class runs under the next profile (Run2), so Quarkus has stopped
 * that application and started a new one (new beans, new memory: the rate limiter and every cache are empty) on the
 * same database (the profile keeps Flyway from cleaning it at start, as a production restart would). The same delivery,
 * sent again to the new run, is verified and answered as a duplicate, and no second sync job is written: the
 * deduplication lives in Postgres. Were it kept in memory, the new run would accept it (202) and this test would fail.
 * QuarkusClassOrderer runs the classes of one profile together, ordered by profile name (Run1, then Run2, adjacent);
 * run without WebhookAcceptedBeforeRestartTest, this class has nothing handed over and is skipped.
 */
@QuarkusTest
@TestProfile(RedeliveryAcrossRestart.Run2.class)
class WebhookRedeliveryAfterRestartTest {
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
