package dev.meshfleet.trust;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.agent.KubernetesClusterStore;
import dev.meshfleet.agent.SimulatedIstiod;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.support.AgentFleet;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.trust.core.TestPki;
import dev.meshfleet.trust.core.TrustDomain;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Root rotations end to end: real agents on three simulated clusters, each with a simulated istiod, the real server,
 * engine, Postgres and Kafka. The rotation is frozen (paused, or istiod held) at chosen points so that the real
 * {@code openssl verify} can check the chains the clusters hold in each stage, and so that an agent killed mid-phase
 * and an abort in phase 2 happen where the test says, not where timing puts them.
 */
@QuarkusTest
class TrustRotationEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String DOMAIN = "e2e.example.org";
    static final List<String> CLUSTERS = List.of("east", "west", "north");

    @TestHTTPResource("/")
    URL base;

    AgentFleet fleet;
    TestTenant tenant;
    String trust;

    @AfterEach
    void tearDown() {
        if (fleet != null) {
            fleet.close();
        }
    }

    /** Three clusters on root A (istiod serving A's intermediates); returns root B's id. */
    private String fleetOnRootA() {
        tenant = TestTenant.create();
        fleet = new AgentFleet(base).withTrust(Duration.ofMillis(300), "payments", "orders");
        for (String cluster : CLUSTERS) {
            fleet.join(cluster, tenant.registerCluster(cluster, Map.of("env", "prod")));
            fleet.readyForMultiRoot(cluster);
        }
        tenant.createMesh(Map.of("name", "payments", "trustDomain", DOMAIN));
        trust = tenant.mesh("payments") + "/trust";
        String a = as(tenant.admin()).body(Map.of()).post(trust + "/roots").then().statusCode(201).extract().path("sha256");
        for (String cluster : CLUSTERS) {
            Await.until(cluster + " on an intermediate from A that istiod serves", WAIT, () -> fleet.agents.get(cluster)
                    .trust().lastReport().filter(r -> a.equals(r.cacertsIssuerSha256())
                            && Objects.equals(r.istiodIntermediateSha256(), r.cacertsIntermediateSha256()))
                    .isPresent());
        }
        return as(tenant.admin()).body(Map.of()).post(trust + "/roots").then().statusCode(201).extract().path("id");
    }

    private JsonPath rotation(String id) {
        return as(tenant.admin()).get(trust + "/rotations/" + id).then().statusCode(200).extract().jsonPath();
    }

    private void act(String id, String action) {
        as(tenant.admin()).body(Map.of()).post(trust + "/rotations/" + id + "/" + action).then().statusCode(202);
    }

    private void awaitStatus(String id, String status) {
        await(id, "status " + status, r -> status.equals(r.getString("status")));
    }

    private void await(String id, String what, java.util.function.Predicate<JsonPath> condition) {
        try {
            Await.until(what, WAIT, () -> condition.test(rotation(id)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + rotation(id).prettify(), e);
        }
    }

    /** Whether these clusters show what the current phase asks (judged live, also while paused). */
    private static boolean shown(JsonPath r, List<String> clusters) {
        List<String> names = r.getList("clusters.cluster");
        List<Boolean> shown = r.getList("clusters.shown");
        return clusters.stream().allMatch(c -> names.contains(c) && shown.get(names.indexOf(c)));
    }

    private static boolean confirmed(JsonPath r, List<String> clusters) {
        List<String> names = r.getList("clusters.cluster");
        List<Object> at = r.getList("clusters.confirmedAt");
        return clusters.stream().allMatch(c -> names.contains(c) && at.get(names.indexOf(c)) != null);
    }

    private Map<String, String> secret(String cluster, String name) {
        return new KubernetesClusterStore(fleet.clusters.get(cluster).client).secret("istio-system", name).orElseThrow()
                .data();
    }

    /** openssl verify of a fresh leaf under the intermediate in {@code ca} against the bundle {@code rootCertPem}. */
    private static TestPki.Verdict leafVerifies(Map<String, String> ca, String rootCertPem) {
        X509Certificate intermediate = Pem.certificates("ca-cert.pem", ca.get("ca-cert.pem")).get(0);
        PrivateKey key = Pem.privateKey("ca-key.pem", ca.get("ca-key.pem"));
        X509Certificate leaf = TestPki.leaf(intermediate, key, new TrustDomain(DOMAIN), Instant.now());
        return TestPki.opensslVerify(rootCertPem, ca.get("ca-cert.pem"), leaf);
    }

    private void forEachIstiod(java.util.function.Consumer<SimulatedIstiod> action) {
        fleet.istiods.values().forEach(action);
    }

    @Test
    void threeClustersRotateWithChainsCheckedByOpensslAndAnAgentKilledMidPhase() {
        String rootB = fleetOnRootA();
        String pemA = as(tenant.admin()).get(trust + "/roots").then().extract().path("[0].certificatePem");
        String pemB = as(tenant.admin()).get(trust + "/roots/" + rootB).then().extract().path("certificatePem");

        // 1. ADD_ROOT, held: istiods paused until the rotation is paused too
        forEachIstiod(SimulatedIstiod::pause);
        String id = as(tenant.admin()).body(Map.of("toRoot", rootB)).post(trust + "/rotations").then().statusCode(201)
                .extract().path("id");
        act(id, "pause");
        awaitStatus(id, "PAUSED");
        forEachIstiod(SimulatedIstiod::resume);
        await(id, "every cluster shows ADD_ROOT", r -> "ADD_ROOT".equals(r.getString("phase")) && shown(r, CLUSTERS));
        for (String cluster : CLUSTERS) {
            Map<String, String> cacerts = secret(cluster, "cacerts");
            assertEquals(pemA + pemB, cacerts.get("root-cert.pem"), cluster + ": A+B");
            TestPki.Verdict verdict = leafVerifies(cacerts, cacerts.get("root-cert.pem"));
            assertTrue(verdict.ok(), cluster + " (A's intermediate against A+B): " + verdict.output());
        }

        // 2. REISSUE with west's agent killed mid-phase: the phase waits for it, then completes once it is back
        forEachIstiod(SimulatedIstiod::pause);
        act(id, "resume");
        await(id, "REISSUE entered", r -> "REISSUE".equals(r.getString("phase")));
        fleet.agents.get("west").stop();
        forEachIstiod(SimulatedIstiod::resume);
        await(id, "east and north confirm REISSUE", r -> confirmed(r, List.of("east", "north")));
        JsonPath waiting = rotation(id);
        assertEquals("REISSUE", waiting.getString("phase"));
        assertFalse(confirmed(waiting, List.of("west")), "west's agent is dead: REISSUE must wait for it");
        act(id, "pause");
        awaitStatus(id, "PAUSED");
        fleet.startAgent("west", null);
        await(id, "every cluster shows REISSUE", r -> "REISSUE".equals(r.getString("phase")) && shown(r, CLUSTERS));
        for (String cluster : CLUSTERS) {
            Map<String, String> cacerts = secret(cluster, "cacerts");
            assertEquals(pemA + pemB + pemB, cacerts.get("root-cert.pem"), cluster + ": A+B+B");
            TestPki.Verdict fresh = leafVerifies(cacerts, cacerts.get("root-cert.pem"));
            assertTrue(fresh.ok(), cluster + " (B's intermediate against A+B+B): " + fresh.output());
            TestPki.Verdict old = leafVerifies(secret(cluster, "meshfleet-previous-ca"), cacerts.get("root-cert.pem"));
            assertTrue(old.ok(), cluster + " (A's intermediate against A+B+B): " + old.output());
        }

        // 3. on to the end: VERIFY, SOAK, DROP_OLD
        act(id, "resume");
        awaitStatus(id, "COMPLETED");
        for (String cluster : CLUSTERS) {
            Map<String, String> cacerts = secret(cluster, "cacerts");
            assertEquals(pemB, cacerts.get("root-cert.pem"), cluster + ": B alone");
            TestPki.Verdict fresh = leafVerifies(cacerts, cacerts.get("root-cert.pem"));
            assertTrue(fresh.ok(), cluster + " (B's intermediate against B): " + fresh.output());
            TestPki.Verdict old = leafVerifies(secret(cluster, "meshfleet-previous-ca"), cacerts.get("root-cert.pem"));
            assertFalse(old.ok(), cluster + ": A's intermediate must not verify once A is dropped");
        }
        List<String> phases = rotation(id).getList("events.findAll { it.type == 'phase' }.phase");
        assertEquals(List.of("ADD_ROOT", "REISSUE", "VERIFY", "SOAK", "DROP_OLD"), phases);
        assertNull(rotation(id).get("clusters"), "a finished rotation shows no live progress");
    }

    @Test
    void abortInPhaseTwoLeavesEveryClusterOnAWorkingABundle() {
        String rootB = fleetOnRootA();
        String pemA = as(tenant.admin()).get(trust + "/roots").then().extract().path("[0].certificatePem");
        String shaA = as(tenant.admin()).get(trust + "/roots").then().extract().path("[0].sha256");
        forEachIstiod(SimulatedIstiod::pause);
        String id = as(tenant.admin()).body(Map.of("toRoot", rootB)).post(trust + "/rotations").then().statusCode(201)
                .extract().path("id");
        act(id, "pause");
        awaitStatus(id, "PAUSED");
        forEachIstiod(SimulatedIstiod::resume);
        await(id, "every cluster shows ADD_ROOT", r -> shown(r, CLUSTERS));
        // west's istiod stops reloading: REISSUE cannot complete there
        fleet.istiods.get("west").pause();
        act(id, "resume");
        await(id, "east and north confirm REISSUE", r -> "REISSUE".equals(r.getString("phase"))
                && confirmed(r, List.of("east", "north")));
        assertEquals("REISSUE", rotation(id).getString("phase"));

        act(id, "abort");
        await(id, "rolling back", r -> "ROLLBACK".equals(r.getString("direction")));
        await(id, "east and north confirm the rollback's REISSUE", r -> "REISSUE".equals(r.getString("phase"))
                && confirmed(r, List.of("east", "north")));
        fleet.istiods.get("west").resume();
        awaitStatus(id, "ROLLED_BACK");
        for (String cluster : CLUSTERS) {
            Map<String, String> cacerts = secret(cluster, "cacerts");
            assertEquals(pemA, cacerts.get("root-cert.pem"), cluster + ": back on A alone");
            assertEquals(shaA, fleet.agents.get(cluster).trust().lastReport().orElseThrow().cacertsIssuerSha256(),
                    cluster + ": intermediate from A");
            TestPki.Verdict verdict = leafVerifies(cacerts, cacerts.get("root-cert.pem"));
            assertTrue(verdict.ok(), cluster + " (A's intermediate against A): " + verdict.output());
        }
        JsonPath view = as(tenant.admin()).get(trust).then().statusCode(200).extract().jsonPath();
        assertEquals(1, view.getList("bundle").size());
    }
}
