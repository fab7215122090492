package dev.meshfleet.rollout;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.SseReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Rollouts end to end with the real server, Postgres and Kafka broker, real agents on simulated clusters and a real
 * Prometheus per cluster scraping Istio's metrics (the built-in analysis queries are evaluated by PromQL): every weight
 * is confirmed by the agents before the next step, header routes stay.
 */
@QuarkusTest
class RolloutEndToEndTest {
    @TestHTTPResource("/")
    URL base;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    RolloutFleet fleet;

    @AfterEach
    void tearDown() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private RolloutFleet threeClusters() throws Exception {
        fleet = RolloutFleet.threeClusters(base);
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

    /** The "type" of each rollout event the live view received, in order. */
    private static List<String> types(SseReader live) {
        return live.json().stream().map(e -> e.path("type").asText()).toList();
    }

    /** "wave/step" of every step-started event, in order. */
    private static List<String> stepsStarted(SseReader live) {
        return live.json().stream().filter(e -> e.path("type").asText().equals("step-started"))
                .map(e -> e.path("wave").asInt() + "/" + e.path("step").asInt()).toList();
    }

    @Test
    void threeClustersTwoWavesToHundredPercent() throws Exception {
        threeClusters();
        String id = fleet.start(twoWaves(List.of(Map.of("setWeight", 20), Map.of("pause", Map.of()), Map.of("analysis", Map.of()),
                Map.of("setWeight", 100)), healthyAnalysis()));
        SseReader live = new SseReader(base + fleet.mesh.substring(1) + "/rollouts/" + id + "/events", "Bearer " + fleet.viewer);

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

        // the live view saw every step, in order, once; and every confirmation
        RolloutFleet.await("the succeeded event", () -> types(live).contains("succeeded"));
        RolloutFleet.await("a keep-alive comment (1 s in tests)", () -> live.comments() > 0);
        live.close();
        assertEquals(List.of("0/0", "0/1", "0/2", "0/3", "1/0", "1/1", "1/2", "1/3"), stepsStarted(live));
        long confirmed = live.json().stream().filter(e -> e.path("type").asText().equals("cluster-confirmed"))
                .mapToLong(e -> e.path("detail").asText().split(" applied")[0].split(", ").length).sum();
        assertEquals(6, confirmed, "each cluster confirmed each of its two weights: " + types(live));
        // a watcher that reconnects with Last-Event-ID gets only what came after it
        SseReader again = new SseReader(base + fleet.mesh.substring(1) + "/rollouts/" + id + "/events", "Bearer " + fleet.viewer);
        RolloutFleet.await("replay", () -> types(again).contains("succeeded"));
        again.close();
        assertEquals(live.ids(), again.ids(), "the replay is the same history with the same ids");
        io.restassured.RestAssured.given().get(metrics).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("meshfleet_rollout_phase{"))
                .body(org.hamcrest.Matchers.containsString("rollout=\"" + id + "\""))
                .body(org.hamcrest.Matchers.containsString("tenant=\"" + fleet.tenant + "\""));
    }

    @Test
    void failingMetricRollsBackEveryShiftedCluster() throws Exception {
        threeClusters();
        fleet.telemetry.get("c2").canary(80.0, 120.0); // c2's canary fails: 80 % < 99 %
        String id = fleet.start(twoWaves(List.of(Map.of("setWeight", 30), Map.of("analysis", Map.of()),
                Map.of("setWeight", 100)), healthyAnalysis()));
        fleet.awaitPhase(id, "FAILED");
        for (String c : List.of("c1", "c2", "c3")) {
            String cluster = c;
            RolloutFleet.await(c + " back on stable", () -> Map.of("v1", 100).equals(fleet.weights(cluster)));
        }
        JsonPath r = fleet.rollout(id);
        assertEquals("FAILED", r.getList("analyses.verdict").get(0));
        Map<String, Object> measured = r.getMap("analyses[0].measurements.values");
        assertEquals(80.0, ((Number) measured.get("c2/success/payment-service")).doubleValue(), 0.5, measured.toString());
        assertEquals(120.0, ((Number) measured.get("c2/p99/payment-service")).doubleValue(), 6.0, measured.toString());
        assertTrue(r.getBoolean("holdsRoutes"), "a failed rollout holds its clusters on stable");
        assertTrue(fleet.telemetry.get("c1").agentQueries().contains(ClusterTelemetry.successRateQuery()),
                "c1's agent had its Prometheus evaluate the built-in success-rate query");

        // the canary is fixed: retry runs it again from the first step, to the end
        fleet.telemetry.get("c2").canary(99.95, 120.0);
        fleet.act(id, "retry");
        fleet.awaitPhase(id, "SUCCEEDED");
        for (String c : List.of("c1", "c2", "c3")) {
            String cluster = c;
            RolloutFleet.await(c + " on the canary", () -> Map.of("v2", 100).equals(fleet.weights(cluster)));
        }
    }

    @Test
    void noDataIsInconclusiveAndPausesForAPerson() throws Exception {
        threeClusters();
        fleet.telemetry.get("c1").canary(99.9, null); // c1's Prometheus has no latency data for the canary
        String id = fleet.start(twoWaves(List.of(Map.of("setWeight", 20), Map.of("analysis", Map.of()),
                Map.of("setWeight", 100)), healthyAnalysis()));
        fleet.awaitPausedAt(id, 0, 1);
        JsonPath r = fleet.rollout(id);
        assertEquals("INCONCLUSIVE", r.getList("analyses.verdict").get(0));
        assertTrue(r.getList("analyses[0].measurements.reasons").toString().contains("c1/p99/payment-service: no data"),
                r.getList("analyses[0].measurements.reasons").toString());
        assertEquals(Map.of("v1", 80, "v2", 20), fleet.weights("c1"), "nothing rolled back: a person decides");
        // the data comes back; resuming runs the analysis again and goes on
        fleet.telemetry.get("c1").canary(99.9, 90.0);
        fleet.act(id, "resume");
        fleet.awaitPhase(id, "SUCCEEDED");
        assertEquals("SUCCESSFUL", fleet.rollout(id).getList("analyses.verdict").get(0));
    }

    @Test
    void promoteFinishesEverywhereAtOnce() throws Exception {
        threeClusters();
        String id = fleet.start(twoWaves(List.of(Map.of("setWeight", 10), Map.of("pause", Map.of()),
                Map.of("setWeight", 100)), null));
        fleet.awaitPausedAt(id, 0, 1);
        fleet.act(id, "promote");
        fleet.awaitPhase(id, "SUCCEEDED");
        for (String c : List.of("c1", "c2", "c3")) {
            String cluster = c;
            RolloutFleet.await(c + " on the canary", () -> Map.of("v2", 100).equals(fleet.weights(cluster)));
            assertTrue(fleet.headerRouteIntact(c));
        }
        assertEquals(2, fleet.rollout(id).getInt("resultRevision"));
    }

    @Test
    void abortDuringWaveTwoReturnsBothWavesToStable() throws Exception {
        threeClusters();
        String id = fleet.start(twoWaves(List.of(Map.of("setWeight", 50), Map.of("pause", Map.of()),
                Map.of("setWeight", 100)), null));
        fleet.awaitPausedAt(id, 0, 1);
        // a viewer may watch but not act
        as(fleet.viewer).body(Map.of()).post(fleet.mesh + "/rollouts/" + id + "/resume").then().statusCode(403);
        fleet.act(id, "resume");
        fleet.awaitPausedAt(id, 1, 1);
        assertEquals(Map.of("v2", 100), fleet.weights("c1"));
        assertEquals(Map.of("v1", 50, "v2", 50), fleet.weights("c2"));

        as(fleet.operator).body(Map.of("reason", "error budget burning")).post(fleet.mesh + "/rollouts/" + id + "/abort")
                .then().statusCode(202);
        fleet.awaitPhase(id, "ABORTED");
        for (String c : List.of("c1", "c2", "c3")) {
            String cluster = c;
            RolloutFleet.await(c + " back on stable", () -> Map.of("v1", 100).equals(fleet.weights(cluster)));
        }
        JsonPath r = fleet.rollout(id);
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        all.addAll(r.getList("waves[0].clusters"));
        all.addAll(r.getList("waves[1].clusters"));
        for (Map<String, Object> c : all) {
            assertEquals(0, c.get("weight"), c.toString());
        }
        // nothing left to abort; a finished rollout cannot be resumed
        as(fleet.operator).body(Map.of()).post(fleet.mesh + "/rollouts/" + id + "/abort").then().statusCode(409)
                .contentType("application/problem+json");
        // the history lists it; the audit log has every action
        as(fleet.viewer).get(fleet.mesh + "/rollouts?status=finished").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id));
        as(fleet.viewer).get(fleet.mesh + "/rollouts?status=active").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
        List<String> actions = as(fleet.admin).get("/api/v1/tenants/" + fleet.tenant + "/audit?objectType=rollout").then()
                .statusCode(200).extract().path("items.action");
        assertTrue(actions.containsAll(List.of("rollout.create", "rollout.resume", "rollout.abort", "rollout.aborted")),
                actions.toString());
    }
}
