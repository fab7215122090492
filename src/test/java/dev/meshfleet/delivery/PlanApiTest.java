package dev.meshfleet.delivery;

import static dev.meshfleet.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Placement over three clusters with different labels, rendered output per cluster, and plans. */
@QuarkusTest
class PlanApiTest {
    static final String YAML = "application/yaml";
    TestTenant tenant;
    String admin;
    String mesh;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create();
        admin = tenant.admin();
        tenant.registerCluster("eu-prod", Map.of("env", "prod", "region", "eu"));
        tenant.registerCluster("us-prod", Map.of("env", "prod", "region", "us"));
        tenant.registerCluster("eu-dev", Map.of("env", "dev", "region", "eu"));
        // us-prod runs an Istio that serves only v1beta1 (as its agent will report)
        QuarkusTransaction.requiringNew().run(() -> Cluster.<Cluster> list("name", "us-prod").stream()
                .filter(c -> c.tenantId.equals(dev.meshfleet.tenancy.Tenant.findByName(tenant.name()).orElseThrow().id))
                .forEach(c -> c.istioVersion = "1.20.4"));
        tenant.createMesh("payments", Map.of("env", "prod"));
        mesh = tenant.mesh("payments");
        tenant.putFirstIntent("payments", Seeds.PAYMENTS)
                .body("findings.code", equalTo(List.of("MF104")))
                .body("findings[0].severity", equalTo("WARNING"));
    }

    @Test
    void renderedOutputFollowsPlacementAndIstioVersion() {
        String eu = as(admin).accept(YAML).queryParam("cluster", "eu-prod").get(mesh + "/rendered").then().statusCode(200)
                .header("Meshfleet-Targeted", "true").header("Meshfleet-Revision", "1").extract().asString();
        assertEquals(8, eu.split("(?m)^---$").length - 1, eu);
        assertTrue(eu.contains("apiVersion: networking.istio.io/v1\n") && !eu.contains("v1beta1"), eu);
        assertTrue(eu.contains("app.kubernetes.io/managed-by: meshfleet") && eu.contains("meshfleet.dev/revision: \"1\""), eu);
        String us = as(admin).accept(YAML).queryParam("cluster", "us-prod").get(mesh + "/rendered").then().statusCode(200)
                .extract().asString();
        assertTrue(us.contains("apiVersion: networking.istio.io/v1beta1\n") && us.contains("security.istio.io/v1beta1"), us);
        as(admin).accept(YAML).queryParam("cluster", "eu-dev").get(mesh + "/rendered").then().statusCode(200)
                .header("Meshfleet-Targeted", "false")
                .body(equalTo("# no resources: the mesh's placement does not select cluster eu-dev\n"));
        as(admin).accept("application/json").queryParam("cluster", "eu-prod").get(mesh + "/rendered").then().statusCode(200)
                .body("kind", hasItem("Gateway")).body("", hasSize(8));

        // relabelling a cluster changes what the mesh targets
        as(admin).body(Map.of("labels", Map.of("env", "prod"))).patch(tenant.clusters() + "/eu-dev")
                .then().statusCode(200);
        as(admin).accept(YAML).queryParam("cluster", "eu-dev").get(mesh + "/rendered").then().statusCode(200)
                .header("Meshfleet-Targeted", "true").body(containsString("kind: VirtualService"));

        as(admin).get(mesh + "/rendered").then().statusCode(400).body("errors[0].path", equalTo("cluster"));
        as(admin).queryParam("cluster", "nowhere").get(mesh + "/rendered").then().statusCode(404);
    }

    @Test
    void planShowsCreateUpdateDeletePerSelectedCluster() {
        String candidate = Seeds.PAYMENTS.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50")
                .replaceAll("(?m)^    denyAllNamespaces:.*\\n", "")
                .replace("  gateways:", """
                            - name: refund-service
                              namespace: production
                              http: [{route: [{}], timeout: 2s}]
                          gateways:""".stripIndent().indent(2).stripTrailing());
        JsonPath plan = as(admin).contentType(YAML).body(candidate).post(mesh + "/plan").then().statusCode(200)
                .body("valid", equalTo(true)).body("currentRevision", equalTo(1))
                .body("clusters.cluster", equalTo(List.of("eu-prod", "us-prod")))
                .extract().jsonPath();
        for (int i = 0; i < 2; i++) {
            String c = "clusters[" + i + "].";
            assertEquals(List.of("VirtualService/refund-service"), refs(plan, c + "create"));
            assertEquals(List.of("AuthorizationPolicy/deny-all"), refs(plan, c + "delete"));
            assertEquals(List.of("VirtualService/payment-service"), refs(plan, c + "update"));
            assertEquals(6, plan.getInt(c + "unchanged"));
            List<String> paths = plan.getList(c + "update[0].changes.path");
            assertEquals(List.of("spec.http[1].route[0].weight", "spec.http[1].route[1].weight"), paths);
            assertEquals(90, plan.getInt(c + "update[0].changes[0].from"));
            assertEquals(50, plan.getInt(c + "update[0].changes[0].to"));
        }
        assertEquals("networking.istio.io/v1beta1", plan.getString("clusters[1].create[0].apiVersion"));
        // nothing was stored
        as(admin).get(mesh + "/revisions").then().body("items", hasSize(1));

        as(admin).contentType(YAML).header("If-Match", "\"1\"").body(candidate).put(mesh + "/intent").then().statusCode(201);
        as(admin).post(mesh + "/plan?revision=1").then().statusCode(200)
                .body("clusters[0].create[0].kind", equalTo("AuthorizationPolicy"))
                .body("clusters[0].delete[0].name", equalTo("refund-service"));
    }

    @Test
    void planDiffersPerClusterWithOverrides() {
        String usOnly = Seeds.PAYMENTS + """
                  overrides:
                    - name: us-stays-stable
                      clusters: {matchLabels: {region: us}}
                      services:
                        - name: payment-service
                          http: [{route: [{version: v1}]}]
                """;
        JsonPath plan = as(admin).contentType(YAML).body(usOnly).post(mesh + "/plan").then().statusCode(200)
                .body("clusters.cluster", equalTo(List.of("eu-prod", "us-prod"))).extract().jsonPath();
        assertEquals(List.of(), plan.getList("clusters[0].update"));
        assertEquals(8, plan.getInt("clusters[0].unchanged"));
        assertEquals(List.of("VirtualService/payment-service"), refs(plan, "clusters[1].update"));
        assertEquals(7, plan.getInt("clusters[1].unchanged"));
    }

    private static List<String> refs(JsonPath plan, String list) {
        List<Map<String, Object>> items = plan.getList(list);
        return items.stream().map(m -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> ref = m.containsKey("resource") ? (Map<String, Object>) m.get("resource") : m;
            return ref.get("kind") + "/" + ref.get("name");
        }).toList();
    }

    @Test
    void semanticErrorsRefuseIntentAndShowInPlans() {
        String spiffe = Seeds.PAYMENTS.replace("[cluster.local/ns/production/sa/checkout-service]",
                "[spiffe://cluster.local/ns/production/sa/checkout-service]");
        as(admin).contentType(YAML).header("If-Match", "\"1\"").body(spiffe).put(mesh + "/intent").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].code", equalTo("MF201"))
                .body("errors[0].path", equalTo("$.spec.authorization.policies[0].rules[0].from[0].principals[0]"));
        as(admin).contentType(YAML).body(spiffe).post(mesh + "/plan").then().statusCode(200)
                .body("valid", equalTo(false)).body("findings.code", hasItem("MF201"));
        as(admin).contentType(YAML).body(Seeds.PAYMENTS).queryParam("revision", 1).post(mesh + "/plan").then()
                .statusCode(400).body("errors[0].path", equalTo("revision"));
        as(admin).post(mesh + "/plan").then().statusCode(400).body("errors[0].path", equalTo("body"));
        as(admin).contentType(YAML).body(Seeds.PAYMENTS.replace("weight: 90", "weight: 95")).post(mesh + "/plan").then()
                .statusCode(400).body("errors[0].path", equalTo("$.spec.services[0].http[1].route"));
    }

    @Test
    void hostConflictsAcrossMeshesOnSharedClusters() {
        String meshes = tenant.meshes();
        String legacy = "apiVersion: meshfleet.dev/v1\nkind: Mesh\nspec:\n  services:\n"
                + "    - name: payment-service\n      namespace: production\n      http: [{route: [{}]}]\n";
        as(admin).body(Map.of("name", "legacy", "trustDomain", "cluster.local",
                "placement", Map.of("matchLabels", Map.of("region", "us")))).post(meshes).then().statusCode(201);
        as(admin).contentType(YAML).body(legacy).put(meshes + "/legacy/intent").then().statusCode(400)
                .body("errors[0].code", equalTo("MF204"))
                .body("errors[0].message", containsString("mesh payments (clusters us-prod)"));
        // on clusters of its own there is no conflict
        as(admin).body(Map.of("placement", Map.of("matchLabels", Map.of("region", "ap")))).patch(meshes + "/legacy")
                .then().statusCode(200).body("placement.matchLabels.region", equalTo("ap"));
        as(admin).contentType(YAML).body(legacy).put(meshes + "/legacy/intent").then().statusCode(201)
                .body("findings", not(hasItem("MF204")));
        // and moving it onto a shared cluster is refused
        as(admin).body(Map.of("placement", Map.of("matchLabels", Map.of("region", "us")))).patch(meshes + "/legacy")
                .then().statusCode(400).body("errors[0].code", equalTo("MF204"));
        as(admin).body(Map.of("placement", Map.of("matchExpressions",
                List.of(Map.of("key", "region", "operator", "Near", "values", List.of("x")))))).patch(meshes + "/legacy")
                .then().statusCode(400).body("errors[0].path", containsString("operator"));
    }
}
