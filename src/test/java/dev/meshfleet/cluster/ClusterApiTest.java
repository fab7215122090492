package dev.meshfleet.cluster;

import static dev.meshfleet.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.TestTenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ClusterApiTest {
    TestTenant tenant;
    String admin;
    String clusters;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create();
        admin = tenant.admin();
        clusters = tenant.clusters();
    }

    private void register(String name, Map<String, String> labels) {
        tenant.registerCluster(name, labels);
    }

    @Test
    void registrationShowsTheBootstrapTokenOnceAndStoresOnlyItsHash() {
        String token = as(admin).body(Map.of("name", "prod-eu-1", "labels", Map.of("env", "prod")))
                .post(clusters).then().statusCode(201)
                .body("bootstrapToken", startsWith("mfb_")).body("expiresAt", notNullValue())
                .body("cluster.agent.registered", equalTo(false))
                .extract().path("bootstrapToken");
        as(admin).get(clusters + "/prod-eu-1").then().statusCode(200).body("bootstrapToken", nullValue())
                .body("labels.env", equalTo("prod"));
        String stored = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster> find("name", "prod-eu-1")
                .list().stream().filter(c -> c.bootstrapTokenHash.equals(SecretTokens.hash(token))).findFirst()
                .orElseThrow().bootstrapTokenHash);
        assertNotEquals(token, stored);
        assertEquals(SecretTokens.hash(token), stored);

        String second = as(admin).post(clusters + "/prod-eu-1/bootstrap-token").then().statusCode(200)
                .extract().path("bootstrapToken");
        assertNotEquals(token, second);
        as(admin).body(Map.of("name", "prod-eu-1")).post(clusters).then().statusCode(409);
    }

    @Test
    void listingFiltersByKubernetesLabelSelectors() {
        register("eu-prod", Map.of("env", "prod", "region", "eu"));
        register("us-prod", Map.of("env", "prod", "region", "us"));
        register("ap-prod", Map.of("env", "prod", "region", "ap", "legacy", "true"));
        register("eu-dev", Map.of("env", "dev", "region", "eu"));
        assertSelects("env=prod,region in (eu,us)", List.of("eu-prod", "us-prod"));
        assertSelects("env!=prod", List.of("eu-dev"));
        assertSelects("region notin (eu)", List.of("ap-prod", "us-prod"));
        assertSelects("legacy", List.of("ap-prod"));
        assertSelects("!legacy,env=prod", List.of("eu-prod", "us-prod"));
        assertSelects("zone in (a)", List.of());
        as(admin).queryParam("selector", "region in eu").get(clusters).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].path", equalTo("selector"));
        as(admin).queryParam("limit", 2).get(clusters).then().statusCode(200).body("items", hasSize(2))
                .body("items.name", equalTo(List.of("ap-prod", "eu-dev")));
        String cursor = as(admin).queryParam("limit", 2).get(clusters).then().extract().path("nextCursor");
        as(admin).queryParam("limit", 2).queryParam("cursor", cursor).get(clusters).then()
                .body("items.name", equalTo(List.of("eu-prod", "us-prod"))).body("nextCursor", nullValue());
    }

    private void assertSelects(String selector, List<String> names) {
        as(admin).queryParam("selector", selector).get(clusters).then().statusCode(200)
                .body("items.name", equalTo(names));
    }

    @Test
    void labelsChangeByMergePatch() {
        register("c1", Map.of("env", "prod", "tier", "gold"));
        as(admin).contentType("application/merge-patch+json")
                .body("{\"labels\": {\"env\": \"staging\", \"tier\": null, \"team\": \"payments\"}}")
                .patch(clusters + "/c1").then().statusCode(200)
                .body("labels", equalTo(Map.of("env", "staging", "team", "payments")));
        as(admin).body(Map.of("labels", Map.of("bad key!", "x"))).patch(clusters + "/c1").then().statusCode(400)
                .body("errors[0].path", equalTo("$.labels.bad key!"));
        as(admin).body(Map.of("name", "c2", "labels", Map.of("env", "x".repeat(64)))).post(clusters).then()
                .statusCode(400).body("errors[0].path", equalTo("$.labels.env"));
        as(admin).delete(clusters + "/c1").then().statusCode(204);
        as(admin).get(clusters + "/c1").then().statusCode(404);
    }
}
