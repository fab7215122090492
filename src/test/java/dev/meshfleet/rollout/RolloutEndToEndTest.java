package dev.meshfleet.rollout;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Rollouts end to end with the real server, Postgres and Kafka broker, real agents on simulated clusters and a
 * Prometheus stub per cluster: every weight is confirmed by the agents before the next step, header routes stay.
 */
@QuarkusTest
class RolloutEndToEndTest {
    @TestHTTPResource("/")
    URL base;

    RolloutFleet fleet;

    @AfterEach
    void tearDown() {
        if (fleet != null) {
            fleet.close();
        }
    }

    /** c1 is the canary ring; c2 and c3 are the main ring. */
    private RolloutFleet threeClusters() throws Exception {
        fleet = new RolloutFleet(base).cluster("c1", Map.of("env", "prod", "ring", "canary"))
                .cluster("c2", Map.of("env", "prod", "ring", "main")).cluster("c3", Map.of("env", "prod", "ring", "main"))
                .seeded();
        return fleet;
    }

    static Map<String, Object> twoWaves(List<Map<String, Object>> steps, Map<String, Object> analysis) {
        var request = new java.util.LinkedHashMap<String, Object>();
        request.put("services", List.of("payment-service"));
        request.put("stableVersion", "v1");
        request.put("canaryVersion", "v2");
        request.put("steps", steps);
        if (analysis != null) {
            request.put("analysis", analysis);
        }
        request.put("waves", List.of(Map.of("name", "canary", "clusters", Map.of("matchLabels", Map.of("ring", "canary"))),
                Map.of("name", "main", "clusters", Map.of("matchLabels", Map.of("ring", "main")))));
        return request;
    }

    static Map<String, Object> healthyAnalysis() {
        return Map.of("interval", "1s", "failureLimit", 0, "metrics", List.of(
                Map.of("name", "success", "builtin", "success-rate", "min", 99.0),
                Map.of("name", "p99", "builtin", "latency-p99", "max", 500.0)));
    }

    @Test
    void threeClustersTwoWavesToHundredPercent() throws Exception {
        threeClusters();
        String id = fleet.start(twoWaves(List.of(Map.of("setWeight", 20), Map.of("pause", Map.of()), Map.of("analysis", Map.of()),
                Map.of("setWeight", 100)), healthyAnalysis()));

        // wave 1 at 20 %, confirmed; wave 2 untouched (its clusters run the intent as written: 90/10)
        fleet.awaitPausedAt(id, 0, 1);
        assertEquals(Map.of("v1", 80, "v2", 20), fleet.weights("c1"));
        assertEquals(Map.of("v1", 90, "v2", 10), fleet.weights("c2"));
        assertEquals(Map.of("v1", 90, "v2", 10), fleet.weights("c3"));
        assertTrue(fleet.headerRouteIntact("c1"), "the x-canary route stays as written");
        JsonPath r = fleet.rollout(id);
        assertEquals(20, (int) r.getInt("waves[0].clusters[0].confirmedWeight"));
        assertEquals(r.getInt("waves[0].clusters[0].generation"), r.getInt("waves[0].clusters[0].confirmedGeneration"));

        // an intent change touching the rolled-out routes is refused while the rollout runs, naming it
        String detail = as(fleet.admin).contentType("application/yaml").header("If-Match", "\"1\"")
                .body(dev.meshfleet.support.Seeds.PAYMENTS.replace("timeout: 10s\n  gateways", "timeout: 12s\n  gateways"))
                .put(fleet.mesh + "/intent").then().statusCode(409).extract().path("detail");
        assertTrue(detail.contains(id), detail);

        fleet.act(id, "resume");
        // wave 2 paused at 20 %: wave 1 went through analysis to 100 % first
        fleet.awaitPausedAt(id, 1, 1);
        assertEquals(Map.of("v2", 100), fleet.weights("c1"));
        assertEquals(Map.of("v1", 80, "v2", 20), fleet.weights("c2"));
        assertEquals(Map.of("v1", 80, "v2", 20), fleet.weights("c3"));

        fleet.act(id, "resume");
        fleet.awaitPhase(id, "SUCCEEDED");
        for (String c : List.of("c1", "c2", "c3")) {
            String cluster = c;
            RolloutFleet.await(c + " at 100 % canary", () -> Map.of("v2", 100).equals(fleet.weights(cluster)));
            assertTrue(fleet.headerRouteIntact(c));
        }
        r = fleet.rollout(id);
        assertEquals(2, r.getInt("resultRevision"), "the outcome is written as a revision of the mesh");
        assertEquals("rollout", as(fleet.viewer).get(fleet.mesh + "/revisions/2").then().statusCode(200).extract()
                .path("source"));
        List<String> verdicts = r.getList("analyses.verdict");
        assertTrue(verdicts.contains("SUCCESSFUL") && !verdicts.contains("FAILED"), verdicts.toString());
    }
}
