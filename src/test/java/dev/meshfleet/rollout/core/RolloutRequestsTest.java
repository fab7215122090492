package dev.meshfleet.rollout.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.labels.Placement;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.MeshRenderer;
import dev.meshfleet.render.schema.CrdSchemas;
import dev.meshfleet.support.Seeds;

/** Rollout requests checked against the seed mesh, turned into plans, and the weight overlay through the renderer. */
class RolloutRequestsTest {
    static final MeshIntent SEED = IntentCodec.accept(Seeds.PAYMENTS, false, "payments").model();
    static final ObjectMapper JSON = new ObjectMapper();

    static RolloutRequest request(String json) throws Exception {
        return JSON.readValue(json, RolloutRequest.class);
    }

    static final String GOOD = """
            {"services": ["payment-service"], "stableVersion": "v1", "canaryVersion": "v2",
             "steps": [{"setWeight": 10}, {"pause": {"duration": "5m"}}, {"analysis": {}}, {"setWeight": 50},
                       {"pause": {}}, {"setWeight": 100}],
             "analysis": {"interval": "1m", "failureLimit": 1, "inconclusive": "pause",
                          "metrics": [{"name": "success", "builtin": "success-rate", "min": 99.0},
                                      {"name": "latency", "builtin": "latency-p99", "max": 500}]},
             "waves": [{"name": "eu-first", "clusters": {"matchLabels": {"region": "eu"}}},
                       {"name": "everyone-else", "clusters": {}}]}
            """;

    static List<FieldError> errors(String json) throws Exception {
        Checks checks = new Checks();
        RolloutRequests.check(request(json), SEED, checks);
        return checks.errors();
    }

    @Test
    void aGoodRequestBecomesAPlanWithResolvedWaves() throws Exception {
        assertEquals(List.of(), errors(GOOD));
        Map<String, Map<String, String>> clusters = Map.of("eu-1", Map.of("region", "eu"), "us-1", Map.of("region", "us"),
                "ap-1", Map.of("region", "ap"));
        RolloutPlan plan = RolloutRequests.plan(request(GOOD), Set.of("eu-1", "us-1"), (Placement p) -> {
            Set<String> out = new java.util.HashSet<>();
            clusters.forEach((name, labels) -> {
                if (p.toSelector().matches(labels)) {
                    out.add(name);
                }
            });
            return out;
        });
        assertEquals(6, plan.steps().size());
        assertEquals(new RolloutPlan.Pause(Duration.ofMinutes(5)), plan.steps().get(1));
        assertEquals(new RolloutPlan.Pause(null), plan.steps().get(4));
        assertEquals(Set.of("eu-1"), plan.waves().get(0).clusters());
        assertEquals(Set.of("us-1"), plan.waves().get(1).clusters(), "ap-1 is not targeted; eu-1 already had a wave");
        assertEquals(new RolloutPlan.Analysis(Duration.ofMinutes(1), 1, true), plan.analysis());
    }

    @Test
    void badRequestsNameTheirFields() throws Exception {
        String bad = GOOD.replace("\"payment-service\"]", "\"payment-service\", \"billing\"]")
                .replace("\"canaryVersion\": \"v2\"", "\"canaryVersion\": \"v9\"")
                .replace("{\"setWeight\": 100}", "{\"setWeight\": 90, \"pause\": {}}")
                .replace("\"duration\": \"5m\"", "\"duration\": \"soon\"")
                .replace("\"inconclusive\": \"pause\"", "\"inconclusive\": \"shrug\"")
                .replace("\"builtin\": \"latency-p99\"", "\"builtin\": \"latency-p42\"")
                .replace("\"everyone-else\"", "\"eu-first\"");
        List<String> paths = errors(bad).stream().map(FieldError::path).toList();
        for (String expected : List.of("$.services[0]", "$.services[1]", "$.steps[5]", "$.steps[1].pause.duration",
                "$.steps", "$.analysis.inconclusive", "$.analysis.metrics[1].builtin", "$.waves[1].name")) {
            assertTrue(paths.contains(expected), "expected an error at " + expected + " in " + paths);
        }
        assertTrue(errors("{\"services\": [], \"stableVersion\": \"v1\", \"canaryVersion\": \"v1\", \"steps\": []}")
                .stream().map(FieldError::path).toList().containsAll(List.of("$.services", "$.canaryVersion", "$.steps")));
    }

    @Test
    void overlayShiftsOnlyTheCatchAllRouteAndKeepsTheHeaderCanary() {
        MeshIntent shifted = WeightOverlay.apply(SEED, List.of("payment-service"), "v1", "v2", 30);
        JsonNode vs = MeshRenderer.render(shifted, "payments", 4, ClusterFacts.current("c", Map.of())).stream()
                .filter(r -> r.kind().equals("VirtualService") && r.name().equals("payment-service")).findFirst()
                .orElseThrow().manifest();
        assertEquals("true", vs.at("/spec/http/0/match/0/headers/x-canary/exact").asText(), "the header route is untouched");
        assertEquals("v2", vs.at("/spec/http/0/route/0/destination/subset").asText());
        assertEquals(70, vs.at("/spec/http/1/route/0/weight").asInt());
        assertEquals("v1", vs.at("/spec/http/1/route/0/destination/subset").asText());
        assertEquals(30, vs.at("/spec/http/1/route/1/weight").asInt());
        assertEquals("10s", vs.at("/spec/http/1/timeout").asText(), "the route keeps its policy");

        MeshIntent stable = WeightOverlay.apply(SEED, List.of("payment-service"), "v1", "v2", 0);
        MeshIntent canary = WeightOverlay.apply(SEED, List.of("payment-service"), "v1", "v2", 100);
        for (MeshIntent intent : List.of(shifted, stable, canary)) {
            MeshRenderer.render(intent, "payments", 4, ClusterFacts.current("c", Map.of()))
                    .forEach(r -> assertEquals(List.of(), CrdSchemas.bundled().validate(r), r.key()));
        }
        assertEquals(1, stable.spec().services().get(0).http().get(1).route().size());
        assertEquals("v2", canary.spec().services().get(0).http().get(1).route().get(0).version());
    }

    @Test
    void analysisQueriesUseIstiosStandardMetricsForTheCanary() throws Exception {
        RolloutRequest r = request(GOOD);
        String success = RolloutRequests.query(r.analysis().metrics().get(0), "payment-service", "production", "v2",
                Duration.ofMinutes(1));
        assertTrue(success.contains("istio_requests_total{destination_service_name=\"payment-service\"")
                && success.contains("response_code!~\"5..\"") && success.contains("destination_version=\"v2\"")
                && success.contains("[60s]"), success);
        String latency = RolloutRequests.query(r.analysis().metrics().get(1), "payment-service", "production", "v2",
                Duration.ofSeconds(30));
        assertTrue(latency.startsWith("histogram_quantile(0.99") && latency.contains("istio_request_duration_milliseconds_bucket"),
                latency);
        var custom = new RolloutRequest.MetricRequest("errors", null, "sum(rate(my_errors{svc=\"$service\",v=\"$canary\"}[1m]))",
                null, 5.0);
        assertEquals("sum(rate(my_errors{svc=\"payment-service\",v=\"v2\"}[1m]))",
                RolloutRequests.query(custom, "payment-service", "production", "v2", Duration.ofMinutes(1)));
    }
}
