package dev.meshfleet.trust;

import static dev.meshfleet.support.Api.as;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.trust.AgentTrustCalls.ModelCluster;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The rotation engine over real Postgres and Kafka, with model clusters that report truthfully what they hold: each
 * phase waits for every cluster's evidence, pause holds, abort rolls back through gated phases, refusals name the
 * cluster, and the old root's key is destroyed only when the retire timer fires.
 */
@QuarkusTest
class RotationEngineTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EntityManager em;

    record Fleet(TestTenant tenant, String trust, List<ModelCluster> clusters, String rootA, String rootB) {
        JsonPath rotation(String id) {
            return as(tenant.admin()).get(trust + "/rotations/" + id).then().statusCode(200).extract().jsonPath();
        }

        /** Starts a rotation to B and waits until the engine entered its first phase (what clusters should hold changed). */
        String start() {
            String id = as(tenant.admin()).body(Map.of("toRoot", rootB)).post(trust + "/rotations").then().statusCode(201)
                    .extract().path("id");
            Await.until("first phase entered", WAIT, () -> rotation(id).getList("events.type").contains("phase"));
            return id;
        }

        void act(String id, String action) {
            as(tenant.admin()).body(Map.of("reason", "test")).post(trust + "/rotations/" + id + "/" + action).then()
                    .statusCode(202);
        }

        /** Every cluster converges until the rotation is in {@code phase} with {@code status}. */
        void convergeUntil(String id, String phase, String status, Consumer<ModelCluster> each) {
            Await.until("rotation " + phase + "/" + status, WAIT, () -> {
                clusters.forEach(each);
                JsonPath r = rotation(id);
                return (phase == null || phase.equals(r.getString("phase"))) && status.equals(r.getString("status"));
            });
        }
    }

    static Fleet fleet(int size) {
        TestTenant t = TestTenant.create();
        List<ModelCluster> clusters = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            clusters.add(new ModelCluster(AgentBootstrap.credential(t.registerCluster("c" + i, Map.of()))));
        }
        t.createMesh(Map.of("name", "m", "trustDomain", "rot.example.org"));
        String trust = t.mesh("m") + "/trust";
        String a = as(t.admin()).body(Map.of()).post(trust + "/roots").then().statusCode(201).extract().path("id");
        clusters.forEach(ModelCluster::converge);
        String b = as(t.admin()).body(Map.of()).post(trust + "/roots").then().statusCode(201).extract().path("id");
        return new Fleet(t, trust, clusters, a, b);
    }

    @Test
    void everyPhaseWaitsForEveryClusterThenTheOldRootRetires() {
        Fleet f = fleet(3);
        String id = f.start();
        // two of three clusters show the first phase: it waits, naming the third
        f.clusters().get(0).converge();
        f.clusters().get(1).converge();
        try {
            Await.until("c1 and c2 confirmed", WAIT, () -> f.rotation(id).getList("clusters.confirmedAt").stream()
                    .filter(java.util.Objects::nonNull).count() == 2);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + f.rotation(id).prettify(), e);
        }
        JsonPath waiting = f.rotation(id);
        assertEquals("ADD_ROOT", waiting.getString("phase"));
        assertEquals(List.of(true, true, false), waiting.getList("clusters.shown"));
        assertThat(waiting.getString("clusters[2].waiting"), containsString("cacerts root-cert.pem"));

        f.convergeUntil(id, null, "COMPLETED", ModelCluster::converge);
        JsonPath done = f.rotation(id);
        List<String> phases = done.getList("events.findAll { it.type == 'phase' }.phase");
        assertEquals(List.of("ADD_ROOT", "REISSUE", "VERIFY", "SOAK", "DROP_OLD"), phases);
        assertEquals(12, done.getList("events.findAll { it.type == 'cluster-confirmed' }").size()); // 3 x 4 gated phases
        JsonPath trust = as(f.tenant().admin()).get(f.trust()).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(f.rootB()), trust.getList("bundle"));
        assertEquals(f.rootB(), trust.getString("issuerRootId"));
        assertEquals(4, trust.getInt("sequence")); // A, A+B, A+B+B (verify and soak keep it), B
        JsonPath a = as(f.tenant().admin()).get(f.trust() + "/roots/" + f.rootA()).then().statusCode(200).extract()
                .jsonPath();
        assertEquals("RETIRING", a.getString("state"));
        assertTrue(a.getBoolean("hasKey"));

        // time passes: the last certificate A signed has expired
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE trust_rotation_timers SET fire_at = now() WHERE name = 'retire' AND rotation_id = cast(:r AS uuid)")
                .setParameter("r", id).executeUpdate());
        Await.until("root A retired", WAIT, () -> "RETIRED".equals(as(f.tenant().admin())
                .get(f.trust() + "/roots/" + f.rootA()).then().extract().path("state")));
        assertFalse(as(f.tenant().admin()).get(f.trust() + "/roots/" + f.rootA()).then().extract().<Boolean>path("hasKey"));
        assertThat(f.rotation(id).getList("events.type"), hasItem("root-retired"));
    }

    @Test
    void pauseHoldsAPhaseAndAbortInReissueRollsBackToTheOldRootAlone() {
        Fleet f = fleet(2);
        String id = f.start();
        f.act(id, "pause");
        Await.until("paused", WAIT, () -> "PAUSED".equals(f.rotation(id).getString("status")));
        f.clusters().forEach(ModelCluster::converge); // evidence for ADD_ROOT arrives while paused: not judged
        JsonPath paused = f.rotation(id);
        assertEquals("ADD_ROOT", paused.getString("phase"));
        assertEquals(List.of(true, true), paused.getList("clusters.shown"));
        assertEquals(java.util.Arrays.asList(null, null), paused.getList("clusters.confirmedAt"));
        f.act(id, "resume"); // judged on resume: the phase passes without a new report
        Await.until("REISSUE after resume", WAIT, () -> "REISSUE".equals(f.rotation(id).getString("phase")));
        f.act(id, "abort");
        f.convergeUntil(id, null, "ROLLED_BACK", ModelCluster::converge);
        JsonPath done = f.rotation(id);
        assertEquals("ROLLBACK", done.getString("direction"));
        assertThat(done.getList("events.detail").toString(), containsString("rolling back: REISSUE: issuer old, "
                + "root-cert.pem = new+old+old"));
        JsonPath trust = as(f.tenant().admin()).get(f.trust()).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(f.rootA()), trust.getList("bundle"));
        assertEquals(f.rootA(), trust.getString("issuerRootId"));
        // every cluster is back on an intermediate from A
        String aSha = as(f.tenant().admin()).get(f.trust() + "/roots/" + f.rootA()).then().extract().path("sha256");
        f.clusters().forEach(c -> assertEquals(aSha, c.issuer));
        as(f.tenant().admin()).body(Map.of()).post(f.trust() + "/rotations/" + id + "/abort").then().statusCode(409);
    }

    @Test
    void refusesKnownBadSetupsNamingClusterAndReason() {
        Fleet f = fleet(1);
        String credential = f.clusters().get(0).credential;
        Map<String, Map<String, Object>> cases = Map.of(
                "1.24.4", Map.of("istioVersion", "1.24.4"),
                "1.25.1", Map.of("istioVersion", "1.25.1"),
                "ambient", Map.of("ambient", true),
                "ISTIO_MULTIROOT_MESH", Map.of("multiRootMesh", false),
                "PROXY_CONFIG_XDS_AGENT", Map.of("xdsAgent", false),
                "managed by cert-manager", Map.of("foreignOwner", "cert-manager (kubernetes.io/tls)"));
        cases.forEach((reason, bad) -> {
            Map<String, Object> report = new java.util.HashMap<>(f.clusters().get(0).converge());
            report.putAll(bad);
            AgentTrustCalls.report(credential, report).statusCode(202);
            as(f.tenant().admin()).body(Map.of("toRoot", f.rootB())).post(f.trust() + "/rotations").then()
                    .statusCode(409).body("errors[0].path", org.hamcrest.Matchers.is("clusters.c1"))
                    .body("errors[0].message", containsString(reason)).body("detail", containsString("c1"));
        });
        f.clusters().get(0).converge();
        // a cluster that never reported
        AgentBootstrap.credential(f.tenant().registerCluster("silent", Map.of()));
        as(f.tenant().admin()).body(Map.of("toRoot", f.rootB())).post(f.trust() + "/rotations").then().statusCode(409)
                .body("errors.path", hasItem("clusters.silent"));
        as(f.tenant().admin()).body(Map.of("toRoot", "nope")).post(f.trust() + "/rotations").then().statusCode(400)
                .body("errors[0].path", org.hamcrest.Matchers.is("$.toRoot"));
        as(f.tenant().admin()).body(Map.of("toRoot", f.rootA())).post(f.trust() + "/rotations").then().statusCode(400)
                .body("errors[0].path", org.hamcrest.Matchers.is("$.toRoot"));
    }
}
