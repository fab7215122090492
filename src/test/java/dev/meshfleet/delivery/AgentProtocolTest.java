package dev.meshfleet.delivery;

import static dev.meshfleet.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The agent protocol's edges: credentials, bundles, reports, status, policy and the install manifest. */
@QuarkusTest
class AgentProtocolTest {
    TestTenant tenant;
    String admin;
    String clusters;
    String mesh;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create();
        admin = tenant.admin();
        clusters = tenant.clusters();
        mesh = tenant.mesh("payments");
        tenant.createMesh("payments", Map.of("env", "prod"))
                .body("delivery.forceConflicts", equalTo(false)).body("delivery.drift", equalTo("correct"));
        tenant.putFirstIntent("payments", Seeds.PAYMENTS);
    }

    private String bootstrap(String name, Map<String, String> labels) {
        return tenant.registerCluster(name, labels);
    }

    private String register(String token) {
        return AgentBootstrap.register(token, "test").body("tenant", equalTo(tenant.name()))
                .body("credential", startsWith("mfc_")).extract().path("credential");
    }

    @Test
    void bootstrapTokensWorkOnceAndCredentialsRotate() {
        String token = bootstrap("c1", Map.of("env", "prod"));
        given().contentType(ContentType.JSON).body(Map.of("bootstrapToken", "mfb_nope")).post("/agent/v1/register").then()
                .statusCode(401).contentType("application/problem+json");
        String credential = register(token);
        given().contentType(ContentType.JSON).body(Map.of("bootstrapToken", token)).post("/agent/v1/register").then()
                .statusCode(401);
        given().get("/agent/v1/desired").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("mfc_forged").get("/agent/v1/desired").then().statusCode(401);
        given().auth().oauth2(credential).get("/agent/v1/desired").then().statusCode(200)
                .body("mesh", equalTo(List.of("payments"))).body("revision", equalTo(List.of(1)));

        String rotated = given().auth().oauth2(credential).post("/agent/v1/credential/rotate").then().statusCode(200)
                .extract().path("credential");
        given().auth().oauth2(credential).get("/agent/v1/desired").then().statusCode(401);
        given().auth().oauth2(rotated).get("/agent/v1/desired").then().statusCode(200);
        // alive calls look the credential up on their own path: the same answers
        given().auth().oauth2(rotated).post("/agent/v1/alive").then().statusCode(204);
        given().auth().oauth2(credential).post("/agent/v1/alive").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2("mfc_forged").post("/agent/v1/alive").then().statusCode(401);
        given().post("/agent/v1/alive").then().statusCode(401);

        // an expired bootstrap token is refused
        String late = bootstrap("c2", Map.of("env", "prod"));
        QuarkusTransaction.requiringNew().run(() -> Cluster.<Cluster> list("name", "c2").forEach(
                c -> c.bootstrapExpiresAt = OffsetDateTime.now().minusMinutes(1)));
        given().contentType(ContentType.JSON).body(Map.of("bootstrapToken", late)).post("/agent/v1/register").then()
                .statusCode(401).body("detail", containsString("expired"));
    }

    @Test
    void bundlesAreCompressedAndOnlyForTargetedClusters() {
        String prod = register(bootstrap("prod-1", Map.of("env", "prod")));
        String dev = register(bootstrap("dev-1", Map.of("env", "dev")));
        given().auth().oauth2(prod).header("Accept-Encoding", "gzip").get("/agent/v1/bundles/payments/1").then()
                .statusCode(200).header("Content-Encoding", "gzip")
                .body("resources", hasSize(8)).body("prune.labels.'meshfleet.dev/mesh'", equalTo("payments"))
                .body("policy.drift", equalTo("correct"));
        given().auth().oauth2(dev).get("/agent/v1/desired").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(dev).get("/agent/v1/bundles/payments/1").then().statusCode(404);
        given().auth().oauth2(prod).get("/agent/v1/bundles/payments/9").then().statusCode(404);
        given().auth().oauth2(prod).get("/agent/v1/bundles/nothing/1").then().statusCode(404);

        as(admin).body(Map.of("delivery", Map.of("forceConflicts", true, "drift", "report"))).patch(mesh).then()
                .statusCode(200).body("delivery.forceConflicts", equalTo(true)).body("delivery.drift", equalTo("report"));
        given().auth().oauth2(prod).get("/agent/v1/bundles/payments/1").then().statusCode(200)
                .body("policy.forceConflicts", equalTo(true));
        as(admin).body(Map.of("delivery", Map.of("drift", "ignore"))).patch(mesh).then().statusCode(400)
                .body("errors[0].path", equalTo("$.delivery.drift"));
        as(admin).body(Map.of()).patch(mesh).then().statusCode(400);
    }

    @Test
    void reportsDriveTheFleetStatus() {
        String a = register(bootstrap("a", Map.of("env", "prod")));
        String b = register(bootstrap("b", Map.of("env", "prod")));
        bootstrap("never", Map.of("env", "prod"));
        as(admin).get(mesh + "/status").then().statusCode(200)
                .body("summary.PENDING", equalTo(2)).body("summary.DISCONNECTED", equalTo(1));
        Map<String, Object> applied = Map.of("apiVersion", "networking.istio.io/v1", "kind", "VirtualService",
                "namespace", "production", "name", "payment-service", "outcome", "APPLIED");
        Map<String, Object> failed = Map.of("apiVersion", "security.istio.io/v1", "kind", "AuthorizationPolicy",
                "namespace", "production", "name", "deny-all", "outcome", "FAILED", "error", "HTTP 422: invalid");
        given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("mesh", "payments", "revision", 1,
                "istioVersion", "1.20.1", "istioApiVersions", List.of("networking.istio.io/v1beta1", "security.istio.io/v1beta1"),
                "results", List.of(applied))).post("/agent/v1/reports").then().statusCode(202);
        given().auth().oauth2(b).contentType(ContentType.JSON).body(Map.of("mesh", "payments", "revision", 1,
                "results", List.of(applied, failed))).post("/agent/v1/reports").then().statusCode(202);
        as(admin).get(mesh + "/status").then().statusCode(200)
                .body("summary.APPLIED", equalTo(1)).body("summary.PARTIAL", equalTo(1))
                .body("clusters.find { it.cluster == 'b' }.errors[0].error", equalTo("HTTP 422: invalid"));
        // the reported Istio decides what the cluster gets: v1beta1 for cluster a from now on
        given().auth().oauth2(a).get("/agent/v1/bundles/payments/1").then().statusCode(200)
                .body("resources[0].apiVersion", containsString("v1beta1"));
        // and the desired set says so, so an agent re-applies the same revision at the other API version
        given().auth().oauth2(a).get("/agent/v1/desired").then().body("[0].istioApiVersion", equalTo("v1beta1"));
        given().auth().oauth2(b).get("/agent/v1/desired").then().body("[0].istioApiVersion", equalTo("v1"));
        as(admin).get(clusters + "/a").then().body("agent.istioVersion", equalTo("1.20.1"));
        given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("mesh", "billing", "revision", 1))
                .post("/agent/v1/reports").then().statusCode(404);
        given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("mesh", "payments"))
                .post("/agent/v1/reports").then().statusCode(400).body("errors[0].path", equalTo("$.revision"));
    }

    @Test
    void installManifestIsLeastPrivilegeAndCarriesAFreshBootstrapToken() {
        as(admin).body(Map.of("name", "k1")).post(clusters).then().statusCode(201);
        String yaml = as(admin).accept("application/yaml").post(clusters + "/k1/agent.yaml").then().statusCode(200)
                .extract().asString();
        for (String expected : List.of("kind: Namespace", "kind: ServiceAccount", "kind: ClusterRole", "kind: Role",
                "kind: Secret", "kind: Deployment", "runAsNonRoot: true", "readOnlyRootFilesystem: true",
                "allowPrivilegeEscalation: false", "livenessProbe:", "readinessProbe:", "memory: 128Mi", "- agent")) {
            assertTrue(yaml.contains(expected), "missing '" + expected + "' in\n" + yaml);
        }
        assertTrue(!yaml.contains("resources:\n      - secrets\n    verbs:\n      - list"), "no cluster-wide secrets");
        String token = yaml.replaceAll("(?s).*bootstrap-token: (mfb_[A-Za-z0-9_-]+).*", "$1");
        assertTrue(token.startsWith("mfb_"), token);
        register(token);
        as(admin).post(clusters + "/k1/credential/revoke").then().statusCode(204);
        as(admin).get(clusters + "/k1").then().body("agent.registered", equalTo(false));
        as(admin).get(clusters + "/k1/agent.yaml").then().statusCode(200).body(not(containsString(token)));
    }
}
