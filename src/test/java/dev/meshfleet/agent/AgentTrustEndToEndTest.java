package dev.meshfleet.agent;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.protocol.TrustReport;
import dev.meshfleet.support.AgentFleet;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.trust.core.TestPki;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The real agent with trust on, a simulated cluster and istiod, and the real server (Postgres): a mesh gets a root, the
 * agent writes cacerts from a CSR the server signs, istiod loads it, and the server holds the intermediate and an
 * evidence report it accepted. (The rotation end to end is the trust feature's test.)
 */
@QuarkusTest
class AgentTrustEndToEndTest {
    @TestHTTPResource("/")
    URL base;

    AgentFleet fleet;

    @AfterEach
    void tearDown() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void anAgentWithTrustGetsAnIntermediateFromTheServerAndReportsIstiodLoadedIt() {
        TestTenant tenant = TestTenant.create();
        fleet = new AgentFleet(base).withTrust(Duration.ofMillis(300), "payments");
        fleet.join("east", tenant.registerCluster("east", Map.of("env", "prod")));
        tenant.createMesh(Map.of("name", "payments", "trustDomain", "pay.example.org"));
        String trust = tenant.mesh("payments") + "/trust";
        JsonPath root = as(tenant.admin()).body(Map.of()).post(trust + "/roots").then().statusCode(201).extract().jsonPath();

        Agent agent = fleet.agents.get("east");
        Await.until("the agent reports istiod serving its new intermediate", Duration.ofSeconds(30), () -> agent.trust()
                .lastReport().filter(r -> r.istiodIntermediateSha256() != null
                        && r.istiodIntermediateSha256().equals(r.cacertsIntermediateSha256())
                        && r.configMapRoots().size() == 1 && r.configMapRoots().containsValue(2))
                .isPresent());
        TrustReport report = agent.trust().lastReport().orElseThrow();
        assertEquals(root.getString("sha256"), report.cacertsIssuerSha256());
        assertEquals(Fingerprints.sha256(root.getString("certificatePem")), report.cacertsRootSha256());

        Map<String, String> cacerts = new KubernetesClusterStore(fleet.clusters.get("east").client)
                .secret("istio-system", "cacerts").orElseThrow().data();
        assertEquals(root.getString("certificatePem"), cacerts.get("root-cert.pem"));
        TestPki.Verdict verdict = TrustKeeperTest.opensslVerifiesALeafOf(cacerts, "pay.example.org", "-x509_strict");
        assertTrue(verdict.ok(), verdict.output());

        JsonPath intermediates = as(tenant.admin()).get(trust + "/intermediates").then().statusCode(200).extract().jsonPath();
        assertEquals("east", intermediates.getString("[0].cluster"));
        assertEquals(report.cacertsIntermediateSha256(), intermediates.getString("[0].sha256"));
    }

    /** What a root rotation needs of a sidecar mesh: istiod with multi-root on, proxies with the XDS agent. */
    static void readyForMultiRoot(SimulatedCluster cluster) {
        cluster.client.apps().deployments().inNamespace("istio-system").resource(
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("istiod")
                        .withNamespace("istio-system").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                        .addNewContainer().withName("discovery").withImage("istio/pilot:1.25.2")
                        .addNewEnv().withName("ISTIO_MULTIROOT_MESH").withValue("true").endEnv().endContainer().endSpec()
                        .endTemplate().endSpec().build()).create();
        cluster.client.configMaps().inNamespace("istio-system").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("istio").withNamespace("istio-system").endMetadata()
                .withData(Map.of("mesh", "defaultConfig:\n  proxyMetadata:\n    PROXY_CONFIG_XDS_AGENT: \"true\"\n"))
                .build()).create();
    }

    @Test
    void twoRealAgentsCarryARootRotationToTheEnd() {
        TestTenant tenant = TestTenant.create();
        fleet = new AgentFleet(base).withTrust(Duration.ofMillis(300), "payments");
        for (String cluster : java.util.List.of("east", "west")) {
            fleet.join(cluster, tenant.registerCluster(cluster, Map.of("env", "prod")));
            readyForMultiRoot(fleet.clusters.get(cluster));
        }
        tenant.createMesh(Map.of("name", "payments", "trustDomain", "pay.example.org"));
        String trust = tenant.mesh("payments") + "/trust";
        String rootA = as(tenant.admin()).body(Map.of()).post(trust + "/roots").then().statusCode(201).extract()
                .path("sha256");
        for (Agent agent : fleet.agents.values()) {
            Await.until("intermediate under A loaded by istiod", Duration.ofSeconds(30), () -> agent.trust().lastReport()
                    .filter(r -> rootA.equals(r.cacertsIssuerSha256()) && r.istiodIntermediateSha256() != null
                            && r.istiodIntermediateSha256().equals(r.cacertsIntermediateSha256()) && r.multiRootMesh())
                    .isPresent());
        }
        JsonPath rootB = as(tenant.admin()).body(Map.of()).post(trust + "/roots").then().statusCode(201).extract().jsonPath();
        String id = as(tenant.admin()).body(Map.of("toRoot", rootB.getString("id"))).post(trust + "/rotations").then()
                .statusCode(201).extract().path("id");
        try {
            Await.until("rotation completed", Duration.ofSeconds(90), () -> "COMPLETED".equals(as(tenant.admin())
                    .get(trust + "/rotations/" + id).then().statusCode(200).extract().path("status")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + as(tenant.admin()).get(trust + "/rotations/" + id).then()
                    .extract().asString(), e);
        }
        for (String cluster : fleet.clusters.keySet()) {
            Map<String, String> cacerts = new KubernetesClusterStore(fleet.clusters.get(cluster).client)
                    .secret("istio-system", "cacerts").orElseThrow().data();
            assertEquals(rootB.getString("certificatePem"), cacerts.get("root-cert.pem"), cluster);
            TestPki.Verdict verdict = TrustKeeperTest.opensslVerifiesALeafOf(cacerts, "pay.example.org");
            assertTrue(verdict.ok(), cluster + ": " + verdict.output());
        }
    }
}
