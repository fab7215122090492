package dev.meshfleet.intent;

import static dev.meshfleet.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.intent.IntentCodec.CanonicalIntent;
import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.tenancy.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * What a plan refuses is never stored or pushed (issue 9, item 1): intent PUTs, restores, placement changes, cluster
 * registrations and label changes are refused with the path when the intent fails the validator or any rendered
 * resource of any cluster shape fails Istio's schema; the agent's bundle never carries such a resource.
 */
@QuarkusTest
class UnpushableIntentTest {
    static final String YAML = "application/yaml";
    static final String NULL_METHOD = Seeds.PAYMENTS.replace("methods: [POST]", "methods: [null]");
    static final String NULL_METHOD_PATH = "$.spec.authorization.policies[0].rules[0].to[0].methods[0]";
    /** Valid everywhere except on clusters labelled tier=edge, where an override renders a null subjectAltName. */
    static final String BAD_ON_EDGE = Seeds.PAYMENTS + """
              overrides:
                - name: edge-tls
                  clusters: {matchLabels: {tier: edge}}
                  services:
                    - name: payment-service
                      trafficPolicy: {tls: {mode: SIMPLE, subjectAltNames: [null]}}
            """;
    static final String EDGE_SCHEMA_PATH = "/networking.istio.io/DestinationRule/production/payment-service"
            + ".spec.trafficPolicy.tls.subjectAltNames[0]";

    TestTenant tenant;
    String admin;
    String clusters;
    String mesh;
    String agent;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create();
        admin = tenant.admin();
        clusters = tenant.clusters();
        mesh = tenant.mesh("payments");
        agent = AgentBootstrap.credential(tenant.registerCluster("eu-prod", Map.of("env", "prod", "region", "eu")), "test");
        tenant.registerCluster("edge-1", Map.of("env", "staging", "tier", "edge"));
        tenant.createMesh("payments", Map.of("env", "prod"));
        tenant.putFirstIntent("payments", Seeds.PAYMENTS);
    }

    @Test
    void nullListItemsAreRefusedWithTheirPathAndNeverPushed() {
        as(admin).contentType(YAML).header("If-Match", "\"1\"").body(NULL_METHOD).put(mesh + "/intent").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.path", equalTo(List.of(NULL_METHOD_PATH)))
                .body("errors[0].message", equalTo("must not be null"));
        as(admin).contentType(YAML).body(NULL_METHOD).post(mesh + "/plan").then().statusCode(400)
                .body("errors[0].path", equalTo(NULL_METHOD_PATH));
        // also as JSON, and in any list
        as(admin).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("apiVersion", "meshfleet.dev/v1", "kind", "Mesh", "spec", Map.of("authorization",
                        Map.of("denyAllNamespaces", java.util.Arrays.asList("production", null)))))
                .put(mesh + "/intent").then().statusCode(400)
                .body("errors[0].path", equalTo("$.spec.authorization.denyAllNamespaces[1]"));

        String bundle = given().auth().oauth2(agent).get("/agent/v1/bundles/payments/1").then().statusCode(200)
                .extract().asString();
        assertTrue(bundle.contains("\"methods\":[\"POST\"]"), bundle);
        given().auth().oauth2(agent).get("/agent/v1/desired").then().statusCode(200).body("revision", equalTo(List.of(1)));

        // a valid change still goes through
        as(admin).contentType(YAML).header("If-Match", "\"1\"").body(Seeds.PAYMENTS.replace("methods: [POST]",
                "methods: [POST, PUT]")).put(mesh + "/intent").then().statusCode(201).body("number", equalTo(2));
    }

    @Test
    void restoringARevisionThatIsNoLongerValidIsRefused() {
        storeRevision(2, NULL_METHOD); // stored before the validator refused null items
        as(admin).contentType(YAML).header("If-Match", "\"2\"").body(Seeds.PAYMENTS).put(mesh + "/intent").then()
                .statusCode(201).body("number", equalTo(3));
        as(admin).header("If-Match", "\"3\"").post(mesh + "/revisions/2/restore").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].path", equalTo(NULL_METHOD_PATH));
        as(admin).get(mesh).then().body("currentRevision", equalTo(3));

        // an old revision that fails only on a cluster shape the fleet has now: the schema check refuses it
        storeRevision(4, BAD_ON_EDGE);
        as(admin).header("If-Match", "\"4\"").post(mesh + "/revisions/1/restore").then().statusCode(201)
                .body("number", equalTo(5));
        as(admin).body(Map.of("labels", Map.of("env", "prod"))).patch(clusters + "/edge-1").then().statusCode(200);
        as(admin).post(mesh + "/plan?revision=4").then().statusCode(200).body("valid", equalTo(false))
                .body("findings.path", hasItem("edge-1" + EDGE_SCHEMA_PATH));
        as(admin).header("If-Match", "\"5\"").post(mesh + "/revisions/4/restore").then().statusCode(400)
                .body("errors.path", hasItem(containsString("subjectAltNames[0]")));
        as(admin).get(mesh).then().body("currentRevision", equalTo(5));
    }

    @Test
    void placementChangeOntoAShapeWhereTheIntentFailsIsRefused() {
        storeRevision(2, BAD_ON_EDGE);
        as(admin).body(Map.of("placement", Map.of("matchExpressions",
                List.of(Map.of("key", "env", "operator", "In", "values", List.of("prod", "staging")))))).patch(mesh)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].code", equalTo("MF301"))
                .body("errors[0].path", equalTo("edge-1" + EDGE_SCHEMA_PATH));
        as(admin).get(mesh).then().body("placement.matchLabels.env", equalTo("prod"));
        as(admin).queryParam("cluster", "edge-1").get(mesh + "/rendered").then().header("Meshfleet-Targeted", "false");
        // a placement change that selects no cluster of that shape is fine
        as(admin).body(Map.of("placement", Map.of("matchLabels", Map.of("region", "eu")))).patch(mesh).then()
                .statusCode(200);
    }

    @Test
    void clusterLabelsOrRegistrationThatWouldReceiveAFailingShapeAreRefused() {
        storeRevision(2, BAD_ON_EDGE);
        as(admin).contentType("application/merge-patch+json").body(Map.of("labels", Map.of("tier", "edge")))
                .patch(clusters + "/eu-prod").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].code", equalTo("MF301"))
                .body("errors[0].path", equalTo("eu-prod" + EDGE_SCHEMA_PATH))
                .body("errors[0].message", containsString("mesh 'payments'"));
        as(admin).get(clusters + "/eu-prod").then().body("labels.tier", equalTo(null));
        String bundle = given().auth().oauth2(agent).get("/agent/v1/bundles/payments/2").then().statusCode(200)
                .extract().asString();
        assertFalse(bundle.contains("subjectAltNames"), bundle);
        // the edge cluster entering the placement by its labels, or registered with them, is refused likewise
        as(admin).body(Map.of("labels", Map.of("env", "prod"))).patch(clusters + "/edge-1").then().statusCode(400)
                .body("errors[0].path", equalTo("edge-1" + EDGE_SCHEMA_PATH));
        as(admin).body(Map.of("name", "edge-2", "labels", Map.of("env", "prod", "tier", "edge"))).post(clusters).then()
                .statusCode(400).body("errors[0].path", equalTo("edge-2" + EDGE_SCHEMA_PATH));
        as(admin).get(clusters + "/edge-2").then().statusCode(404);
        // label changes that give no mesh a new shape still work
        as(admin).body(Map.of("labels", Map.of("team", "payments"))).patch(clusters + "/eu-prod").then().statusCode(200)
                .body("labels.team", equalTo("payments"));
        as(admin).body(Map.of("labels", Map.of("env", "dev"))).patch(clusters + "/edge-1").then().statusCode(200);
    }

    @Test
    void aClusterIsCheckedOnItsOwnShapeAndNotRefusedForAnotherClustersError() {
        storeRevision(2, BAD_ON_EDGE);
        // edge-1 inside the placement although revision 2 fails there: as two concurrent label changes, each checked
        // against the other's before-state, could leave it (made in SQL here)
        QuarkusTransaction.requiringNew().run(() -> assertTrue(Mesh.getEntityManager().createNativeQuery(
                "UPDATE clusters SET labels = labels || '{\"env\":\"prod\"}'::jsonb WHERE name = 'edge-1' "
                        + "AND tenant_id = (SELECT id FROM tenants WHERE name = :t)").setParameter("t", tenant.name())
                .executeUpdate() == 1));
        // a new cluster of a shape the revision renders fine on is checked on that shape alone: accepted
        as(admin).body(Map.of("name", "us-prod", "labels", Map.of("env", "prod", "region", "us"))).post(clusters).then()
                .statusCode(201);
        // one of the failing shape is still refused, for its own error
        as(admin).body(Map.of("name", "edge-2", "labels", Map.of("env", "prod", "tier", "edge"))).post(clusters).then()
                .statusCode(400).body("errors.path", equalTo(List.of("edge-2" + EDGE_SCHEMA_PATH)));
    }

    /** Stores a revision as an older Meshfleet could have, unchecked, and makes it current. */
    private void storeRevision(int number, String yaml) {
        CanonicalIntent intent = IntentCodec.canonical(IntentCodec.parse(yaml, false));
        QuarkusTransaction.requiringNew().run(() -> {
            Mesh found = Mesh.findByName(Tenant.findByName(tenant.name()).orElseThrow().id, "payments").orElseThrow();
            IntentRevision r = new IntentRevision();
            r.meshId = found.id;
            r.number = number;
            r.spec = intent.json();
            r.specSha256 = intent.sha256();
            r.findings = List.of();
            r.author = "test";
            r.source = "api";
            r.parent = found.currentRevision;
            r.createdAt = java.time.OffsetDateTime.now();
            r.persist();
            found.currentRevision = number;
        });
    }
}
