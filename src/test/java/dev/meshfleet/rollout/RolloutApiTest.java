package dev.meshfleet.rollout;

import static dev.meshfleet.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;

/** The rollout API's answers to bad input and conflicts (no agents needed: rollouts simply wait at their first weight). */
@QuarkusTest
class RolloutApiTest {
    TestTenant tenant;
    String admin;
    String operator;
    String mesh;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create();
        admin = tenant.admin();
        operator = tenant.addMember("operator", "operator").token();
        tenant.registerCluster("c1", Map.of("ring", "canary"));
        tenant.registerCluster("c2", Map.of("ring", "main"));
        mesh = tenant.mesh("payments");
        tenant.createMesh("payments");
        tenant.putFirstIntent("payments", Seeds.PAYMENTS);
    }

    static Map<String, Object> valid() {
        Map<String, Object> r = new HashMap<>();
        r.put("services", List.of("payment-service"));
        r.put("stableVersion", "v1");
        r.put("canaryVersion", "v2");
        r.put("steps", List.of(Map.of("setWeight", 10), Map.of("pause", Map.of("duration", "5m")), Map.of("setWeight", 100)));
        return r;
    }

    private void badRequest(Map<String, Object> body, String path) {
        as(operator).body(body).post(mesh + "/rollouts").then().statusCode(400).contentType("application/problem+json")
                .body("errors.path", hasItem(path));
    }

    @Test
    void badInputNamesTheField() {
        Map<String, Object> r = valid();
        r.put("services", List.of("nope"));
        badRequest(r, "$.services[0]");
        r = valid();
        r.put("canaryVersion", "v1");
        badRequest(r, "$.canaryVersion");
        r = valid();
        r.put("steps", List.of(Map.of("setWeight", 150)));
        badRequest(r, "$.steps[0].setWeight");
        r = valid();
        r.put("steps", List.of(Map.of("setWeight", 50)));
        badRequest(r, "$.steps");
        r = valid();
        r.put("steps", List.of(Map.of("pause", Map.of("duration", "soon")), Map.of("setWeight", 100)));
        badRequest(r, "$.steps[0].pause.duration");
        r = valid();
        r.put("analysis", Map.of("interval", "1s", "metrics", List.of(Map.of("name", "x", "builtin", "made-up", "min", 1))));
        badRequest(r, "$.analysis.metrics[0].builtin");
        r = valid();
        r.put("waves", List.of(Map.of("name", "w1", "clusters", Map.of("matchLabels", Map.of("ring", "canary")), "bake", "a while")));
        badRequest(r, "$.waves[0].bake");
        r = valid();
        r.put("waves", List.of(Map.of("name", "none", "clusters", Map.of("matchLabels", Map.of("ring", "nowhere")))));
        badRequest(r, "$.waves[0].clusters");
        r = valid();
        r.put("surprise", true);
        as(operator).body(r).post(mesh + "/rollouts").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("surprise"));
        as(operator).get(mesh + "/rollouts?status=sometimes").then().statusCode(400).body("errors.path", hasItem("status"));
        as(operator).get(mesh + "/rollouts/not-a-uuid").then().statusCode(404);
        as(operator).get(mesh + "/rollouts/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void everyWaveMustGetACluster() {
        // a typo in a wave's selector would hand its place to the next wave: refused, naming the wave
        Map<String, Object> r = valid();
        r.put("waves", List.of(Map.of("name", "canary", "clusters", Map.of("matchLabels", Map.of("ring", "canary"))),
                Map.of("name", "main", "clusters", Map.of("matchLabels", Map.of("rnig", "main")))));
        as(operator).body(r).post(mesh + "/rollouts").then().statusCode(400).contentType("application/problem+json")
                .body("errors.path", equalTo(List.of("$.waves[1].clusters")))
                .body("errors[0].message", containsString("wave 'main' selects none of the 2 cluster(s)"));
        // a wave whose clusters all went to earlier waves is as empty
        r.put("waves", List.of(Map.of("name", "everywhere", "clusters", Map.of()),
                Map.of("name", "canary", "clusters", Map.of("matchLabels", Map.of("ring", "canary")))));
        as(operator).body(r).post(mesh + "/rollouts").then().statusCode(400)
                .body("errors.path", equalTo(List.of("$.waves[1].clusters")))
                .body("errors[0].message", containsString("only clusters of earlier waves [c1]"));
        // canary first, then the rest (the README's example)
        r.put("waves", List.of(Map.of("name", "canary", "clusters", Map.of("matchLabels", Map.of("ring", "canary"))),
                Map.of("name", "everywhere", "clusters", Map.of())));
        as(operator).body(r).post(mesh + "/rollouts").then().statusCode(201)
                .body("waves[0].clusters.cluster", equalTo(List.of("c1")))
                .body("waves[1].clusters.cluster", equalTo(List.of("c2")));
    }

    @Test
    void oneActiveRolloutPerServiceAndIntentKeepsItsHandsOffItsRoutes() {
        String id = as(operator).body(valid()).post(mesh + "/rollouts").then().statusCode(201)
                .body("phase", equalTo("PENDING")).body("waves[0].clusters.cluster", hasItems("c1", "c2"))
                .extract().path("id");
        as(operator).body(valid()).post(mesh + "/rollouts").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(id));
        as(operator).body(Map.of()).post(mesh + "/rollouts/" + id + "/fly").then().statusCode(404);
        as(operator).body(Map.of()).post(mesh + "/rollouts/" + id + "/retry").then().statusCode(409)
                .body("detail", containsString("ABORTED or FAILED"));

        // other parts of the mesh may change meanwhile; the rolled-out service's routes may not
        String otherChange = Seeds.PAYMENTS.replace("api.techoral.com]", "api.techoral.com, www.techoral.com]");
        as(admin).contentType("application/yaml").header("If-Match", "\"1\"").body(otherChange).put(mesh + "/intent").then()
                .statusCode(201);
        as(admin).contentType("application/yaml").header("If-Match", "\"2\"")
                .body(otherChange.replace("weight: 90", "weight: 95").replace("weight: 10", "weight: 5"))
                .put(mesh + "/intent").then().statusCode(409).body("detail", containsString(id));

        // once aborted (held on stable), changing the routes is people's call again and releases the hold
        as(operator).body(Map.of("reason", "test")).post(mesh + "/rollouts/" + id + "/abort").then().statusCode(202);
        RolloutFleet.await("aborted", () -> "ABORTED".equals(as(operator).get(mesh + "/rollouts/" + id).then().extract()
                .path("phase")));
        as(admin).contentType("application/yaml").header("If-Match", "\"2\"")
                .body(otherChange.replace("weight: 90", "weight: 95").replace("weight: 10", "weight: 5"))
                .put(mesh + "/intent").then().statusCode(201);
        as(operator).get(mesh + "/rollouts/" + id).then().statusCode(200).body("holdsRoutes", equalTo(false));
        as(operator).body(Map.of()).post(mesh + "/rollouts/" + id + "/retry").then().statusCode(409)
                .body("detail", containsString("start a new rollout"));
    }

    @Test
    void clustersTakeAPrometheusUrl() {
        String clusters = tenant.clusters();
        as(admin).body(Map.of("name", "c3", "prometheusUrl", "ftp://prom")).post(clusters).then().statusCode(400)
                .body("errors.path", hasItem("$.prometheusUrl"));
        as(admin).body(Map.of("prometheusUrl", "http://prometheus.istio-system:9090")).patch(clusters + "/c1").then()
                .statusCode(200).body("prometheusUrl", equalTo("http://prometheus.istio-system:9090"))
                .body("labels.ring", equalTo("canary"));
        as(admin).body(Map.of("prometheusUrl", "")).patch(clusters + "/c1").then().statusCode(200)
                .body("prometheusUrl", nullValue());
        as(admin).body(Map.of()).patch(clusters + "/c1").then().statusCode(400).body("errors.path", hasItem("$"));
    }

    @Test
    void agentMeasurementsAreCheckedAndOnlyForTheClustersOfTheRollout() {
        String credential = AgentBootstrap.credential(tenant.newBootstrapToken("c1"));
        String id = as(operator).body(valid()).post(mesh + "/rollouts").then().statusCode(201).extract().path("id");
        String url = "/agent/v1/rollouts/" + id + "/measurements";
        var agent = io.restassured.RestAssured.given().contentType("application/json")
                .header("Authorization", "Bearer " + credential);
        agent.body(Map.of()).post(url).then().statusCode(400).contentType("application/problem+json")
                .body("errors.path", hasItem("$.values"));
        agent.body(Map.of("values", List.of(Map.of("value", 1.0)))).post(url).then().statusCode(400)
                .body("errors.path", hasItem("$.values[0].metric"));
        agent.body(Map.of("values", List.of(Map.of("metric", "success/payment-service", "value", 99.5)))).post(url).then()
                .statusCode(202);
        agent.body(Map.of("values", List.of(Map.of("metric", "x")))).post("/agent/v1/rollouts/" + java.util.UUID.randomUUID()
                + "/measurements").then().statusCode(404).contentType("application/problem+json");
        io.restassured.RestAssured.given().contentType("application/json").header("Authorization", "Bearer mfc_nope")
                .body(Map.of("values", List.of())).post(url).then().statusCode(401);
    }
}
