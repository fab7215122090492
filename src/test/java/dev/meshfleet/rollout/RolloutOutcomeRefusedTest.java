package dev.meshfleet.rollout;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.LogCapture;
import dev.meshfleet.support.Seeds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A rollout whose outcome the intent's checks refuse when it is about to succeed (another mesh came to route the same
 * host on a shared cluster meanwhile): it ends FAILED with the reason, every cluster back on stable, nothing of the
 * refused revision written, and the engine goes on with the next rollout's commands instead of retrying forever.
 */
@QuarkusTest
class RolloutOutcomeRefusedTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    EntityManager em;

    RolloutFleet fleet;

    @AfterEach
    void tearDown() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private List<String> events(String id) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT type || ' ' || coalesce(detail, '') FROM rollout_events WHERE rollout_id = CAST(:id AS uuid) ORDER BY id")
                .setParameter("id", id).getResultList()).stream().map(Object::toString).toList();
    }

    @Test
    void refusedOutcomeFailsTheRolloutWithTheReasonAndTheEngineMovesOn() throws Exception {
        fleet = RolloutFleet.threeClusters(base);
        String id = fleet.start(RolloutEndToEndTest.twoWaves(List.of(Map.of("setWeight", 20), Map.of("pause", Map.of()),
                Map.of("setWeight", 100)), null));
        fleet.awaitPausedAt(id, 0, 1);

        // meanwhile: mesh billing routes payment-service too, on no cluster of payments' at first (so it is accepted),
        // then a cluster comes into both meshes' placement: the two meshes now share it. The API refuses that label
        // change today (it re-checks every mesh the cluster joins), but two concurrent changes whose checks each saw
        // the other's before-state can still get there, so the shared cluster is made here in SQL.
        fleet.tenantApi.createMesh("billing", Map.of("team", "billing"));
        fleet.tenantApi.putFirstIntent("billing", Seeds.PAYMENTS.replace("name: payments", "name: billing"));
        fleet.tenantApi.registerCluster("c4", Map.of("team", "billing"));
        as(fleet.admin).body(Map.of("labels", Map.of("env", "prod"))).patch(fleet.tenantApi.clusters() + "/c4")
                .then().statusCode(400);
        QuarkusTransaction.requiringNew().run(() -> assertEquals(1, em.createNativeQuery(
                "UPDATE clusters SET labels = labels || '{\"env\":\"prod\"}'::jsonb WHERE name = 'c4' "
                        + "AND tenant_id = (SELECT id FROM tenants WHERE name = :t)").setParameter("t", fleet.tenant)
                .executeUpdate()));

        try (LogCapture log = LogCapture.start()) {
            fleet.act(id, "promote"); // would succeed: the canary's routes at 100 % as revision 2, which the checks refuse
            fleet.awaitPhase(id, "FAILED");
            List<String> events = events(id);
            String failed = events.stream().filter(e -> e.startsWith("failed ")).findFirst().orElseThrow(
                    () -> new AssertionError("no failed event: " + events));
            assertTrue(failed.contains("cannot be written as a revision") && failed.contains("also routed by mesh billing"),
                    failed);
            assertFalse(events.stream().anyMatch(e -> e.startsWith("succeeded ") || e.startsWith("revision")),
                    events.toString());
            assertEquals(null, (Object) fleet.rollout(id).get("resultRevision"));
            assertEquals("\"1\"", as(fleet.viewer).get(fleet.mesh + "/intent").then().statusCode(200).extract()
                    .header("ETag"), "no revision written for the refused outcome");
            for (String c : List.of("c1", "c2", "c3")) {
                RolloutFleet.await(c + " back on stable", () -> Map.of("v1", 100).equals(fleet.weights(c)));
            }

            // the engine moved on: a new rollout of the same service is handled
            String next = fleet.start(RolloutEndToEndTest.twoWaves(List.of(Map.of("setWeight", 20), Map.of("pause", Map.of()),
                    Map.of("setWeight", 100)), null));
            fleet.awaitPausedAt(next, 0, 1);
            fleet.act(next, "abort");
            fleet.awaitPhase(next, "ABORTED");

            assertEquals(List.of(), log.lines(l -> l.text().contains("failed, retrying")), "handled without retries");
            assertEquals(List.of(), log.transactionTroubleAndErrors());
        }
    }
}
