package dev.meshfleet.agent;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.protocol.MeshfleetLabels;
import dev.meshfleet.support.AgentFleet;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Three simulated clusters with different labels, real agents (the same code as `java -jar ... agent`, in threads),
 * the real server, Postgres and Kafka: register -> apply where placement selects -> change -> prune next to an
 * unmanaged resource -> agent restart resumes -> revoked credential gets 401 and nothing more is applied.
 */
@QuarkusTest
class AgentEndToEndTest {
    static final String YAML = "application/yaml";

    @TestHTTPResource("/")
    URL base;

    TestTenant tenant;
    String admin;
    String mesh;
    AgentFleet fleet;

    @BeforeEach
    void setUp() {
        fleet = new AgentFleet(base);
        tenant = TestTenant.create();
        admin = tenant.admin();
        fleet.join("eu-prod", tenant.registerCluster("eu-prod", Map.of("env", "prod", "region", "eu")));
        fleet.join("us-prod", tenant.registerCluster("us-prod", Map.of("env", "prod", "region", "us")));
        fleet.join("eu-dev", tenant.registerCluster("eu-dev", Map.of("env", "dev", "region", "eu")));
        mesh = tenant.mesh("payments");
        tenant.createMesh("payments", Map.of("env", "prod"));
    }

    @AfterEach
    void tearDown() {
        fleet.close();
    }

    private static void await(String what, BooleanSupplier condition) {
        dev.meshfleet.support.Await.until(what, Duration.ofSeconds(30), condition);
    }

    private JsonPath status() {
        return tenant.meshStatus("payments");
    }

    private void awaitApplied(String cluster, int revision) {
        await(cluster + " applied revision " + revision, () -> tenant.applied("payments", cluster, revision));
    }

    private GenericKubernetesResource resource(String cluster, String kind, String namespace, String name) {
        IstioKinds.Kind k = IstioKinds.ALL.stream().filter(x -> x.kind().equals(kind)).findFirst().orElseThrow();
        return fleet.clusters.get(cluster).client.genericKubernetesResources(k.at("v1")).inNamespace(namespace).withName(name).get();
    }

    private int managedCount(String cluster) {
        return new KubernetesClusterStore(fleet.clusters.get(cluster).client)
                .list(Map.of(MeshfleetLabels.MANAGED_BY_LABEL, "meshfleet", MeshfleetLabels.MESH_LABEL, "payments")).size();
    }

    private int put(String intent, int ifMatch) {
        var request = as(admin).contentType(YAML).body(intent);
        if (ifMatch > 0) {
            request.header("If-Match", "\"" + ifMatch + "\"");
        }
        return request.put(mesh + "/intent").then().statusCode(201).extract().path("number");
    }

    @Test
    void fleetScenario() throws Exception {
        // an unmanaged resource next to what Meshfleet will manage
        GenericKubernetesResource handMade = new ObjectMapper().convertValue(Map.of("apiVersion", "networking.istio.io/v1",
                "kind", "VirtualService", "metadata", Map.of("name", "hand-made", "namespace", "production"),
                "spec", Map.of("hosts", List.of("hand-made"))), GenericKubernetesResource.class);
        fleet.clusters.get("eu-prod").client.genericKubernetesResources(IstioKinds.ALL.get(0).at("v1")).inNamespace("production")
                .resource(handMade).create();
        await("all agents registered", () -> fleet.credentials.values().stream().allMatch(c -> c.get() != null));
        as(admin).get(tenant.clusters() + "/eu-prod").then().statusCode(200)
                .body("agent.registered", org.hamcrest.Matchers.equalTo(true))
                .body("agent.agentVersion", org.hamcrest.Matchers.equalTo(Agent.VERSION));

        // 1. the seed intent lands exactly where placement selects
        put(Seeds.PAYMENTS, 0);
        awaitApplied("eu-prod", 1);
        awaitApplied("us-prod", 1);
        assertEquals(8, managedCount("eu-prod"));
        assertEquals(8, managedCount("us-prod"));
        assertEquals(0, managedCount("eu-dev"));
        assertEquals(2, status().getList("clusters").size(), "eu-dev is not targeted");

        // 2. a change reaches every selected cluster
        put(Seeds.PAYMENTS.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50"), 1);
        awaitApplied("eu-prod", 2);
        awaitApplied("us-prod", 2);
        assertTrue(resource("us-prod", "VirtualService", "production", "payment-service").get("spec").toString()
                .contains("weight=50"));

        // 2b. a change by another field manager is reported (who, which fields) and corrected
        // (someone server-side-applies just the routes, with a longer timeout, as their own field manager)
        ObjectNode live = new ObjectMapper().valueToTree(resource("us-prod", "VirtualService", "production", "payment-service"));
        ObjectNode edited = new ObjectMapper().createObjectNode().put("apiVersion", "networking.istio.io/v1")
                .put("kind", "VirtualService");
        edited.putObject("metadata").put("name", "payment-service").put("namespace", "production");
        edited.putObject("spec").set("http", live.at("/spec/http").deepCopy());
        ((ObjectNode) edited.at("/spec/http/1")).put("timeout", "99s");
        fleet.clusters.get("us-prod").client.genericKubernetesResources(IstioKinds.ALL.get(0).at("v1")).inNamespace("production")
                .resource(new ObjectMapper().convertValue(edited, GenericKubernetesResource.class))
                .fieldManager("kubectl-edit").forceConflicts().serverSideApply();
        await("drift reported for us-prod", () -> {
            List<Map<String, Object>> rows = status().getList("clusters");
            Object drift = rows.stream().filter(r -> r.get("cluster").equals("us-prod")).findFirst().orElseThrow().get("drift");
            return drift != null && drift.toString().contains("kubectl-edit") && drift.toString().contains("spec.http[1].timeout")
                    && drift.toString().contains("corrected=true");
        });
        await("drift corrected in us-prod", () -> !resource("us-prod", "VirtualService", "production", "payment-service")
                .get("spec").toString().contains("99s"));

        // 3. removing a route prunes its VirtualService, never the unmanaged one next to it
        String withoutGatewayRoute = Seeds.PAYMENTS.replaceAll("(?s)      routes:\\n.*?port: 8080\\n", "");
        put(withoutGatewayRoute, 2);
        awaitApplied("eu-prod", 3);
        awaitApplied("us-prod", 3);
        assertNull(resource("eu-prod", "VirtualService", "production", "techoral-api"));
        assertNotNull(resource("eu-prod", "VirtualService", "production", "hand-made"));
        assertEquals(7, managedCount("eu-prod"));

        // 4. an agent that was down resumes from where it was and converges straight to the latest revision
        fleet.agents.get("eu-prod").stop();
        put(withoutGatewayRoute.replace("weight: 90", "weight: 70").replace("weight: 10", "weight: 30"), 3);
        awaitApplied("us-prod", 4);
        put(withoutGatewayRoute.replace("weight: 90", "weight: 60").replace("weight: 10", "weight: 40"), 4);
        awaitApplied("us-prod", 5);
        assertTrue(resource("eu-prod", "VirtualService", "production", "payment-service").get("spec").toString()
                .contains("weight=90"), "the stopped agent applied nothing (revision 3 is 90/10)");
        fleet.startAgent("eu-prod", null);
        awaitApplied("eu-prod", 5);
        assertTrue(resource("eu-prod", "VirtualService", "production", "payment-service").get("spec").toString()
                .contains("weight=60"));

        // 5. a revoked credential: the agent gets 401, stops, and nothing more is applied there
        as(admin).post(tenant.clusters() + "/us-prod/credential/revoke").then().statusCode(204);
        await("us-prod agent revoked", () -> fleet.agents.get("us-prod").state() == Agent.State.REVOKED);
        put(withoutGatewayRoute, 5);
        awaitApplied("eu-prod", 6);
        assertTrue(resource("us-prod", "VirtualService", "production", "payment-service").get("spec").toString()
                .contains("weight=60"), "us-prod kept what it had");
        List<Map<String, Object>> rows = status().getList("clusters");
        assertEquals("DISCONNECTED", rows.stream().filter(r -> r.get("cluster").equals("us-prod")).findFirst()
                .orElseThrow().get("state"));
        // the one-time bootstrap token cannot be replayed
        as(admin).get(tenant.clusters() + "/us-prod").then()
                .body("agent.registered", org.hamcrest.Matchers.equalTo(false));
    }
}
