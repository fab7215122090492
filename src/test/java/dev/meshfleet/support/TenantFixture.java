package dev.meshfleet.support;

import static dev.meshfleet.support.Api.as;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fresh tenant for access tests: a cluster c1 (env=prod), a mesh "payments" at revision 1 and a viewer, an operator
 * and an admin member (their subjects; tokens from {@link TestTokens#user}). The rollout of payment-service is created
 * when a test first needs one.
 */
public record TenantFixture(String tenant, String viewerMemberId, String viewer, String operator, String admin,
        AtomicReference<String> rolloutId, AtomicReference<List<String>> madeRoots, AtomicReference<String> rotationId) {

    /** The rollout the fixture starts: payment-service from v1 to v2 in two weight steps. */
    public static final Map<String, Object> ROLLOUT = Map.of("services", List.of("payment-service"), "stableVersion", "v1",
            "canaryVersion", "v2", "steps", List.of(Map.of("setWeight", 10), Map.of("setWeight", 100)));

    public static TenantFixture create() {
        TestTenant t = TestTenant.create();
        TestTenant.Member viewer = t.addMember("viewer", "viewer");
        TestTenant.Member operator = t.addMember("operator", "operator");
        t.registerCluster("c1", Map.of("env", "prod"));
        t.createMesh("payments");
        t.putFirstIntent("payments", Seeds.PAYMENTS);
        return new TenantFixture(t.name(), viewer.id(), viewer.subject(), operator.subject(), t.adminSubject(),
                new AtomicReference<>(), new AtomicReference<>(), new AtomicReference<>());
    }

    public String base() {
        return "/api/v1/tenants/" + tenant;
    }

    /** A rollout of payment-service in the mesh, created when a route first needs one. */
    public String rollout() {
        return rollout("PENDING");
    }

    /** As above, brought to a phase (PENDING: as created; PROGRESSING, PAUSED or ABORTED: waited for). */
    public String rollout(String phase) {
        if (rolloutId.get() == null) {
            var op = TestTokens.user(operator);
            String rollouts = base() + "/meshes/payments/rollouts/";
            String id = as(op).body(ROLLOUT).post(rollouts).then().statusCode(201).extract().path("id");
            if (!phase.equals("PENDING")) {
                awaitPhase(rollouts + id, phase.equals("ABORTED") ? "PENDING|PROGRESSING" : "PROGRESSING");
            }
            if (phase.equals("PAUSED") || phase.equals("ABORTED")) {
                as(op).body(Map.of()).post(rollouts + id + (phase.equals("PAUSED") ? "/pause" : "/abort")).then()
                        .statusCode(202);
                awaitPhase(rollouts + id, phase);
            }
            rolloutId.set(id);
        }
        return rolloutId.get();
    }

    private void awaitPhase(String rollout, String phases) {
        Await.until(rollout + " in " + phases, Duration.ofSeconds(30), () -> as(TestTokens.user(viewer)).get(rollout)
                .then().statusCode(200).extract().<String>path("phase").matches(phases));
    }

    /**
     * The mesh's two roots (the first issues), made when a route first needs them; c1's agent has then signed a CSR
     * and reported a setup a rotation may start on.
     */
    public List<String> trustRoots() {
        if (madeRoots.get() == null) {
            var adminToken = TestTokens.user(admin);
            String roots = base() + "/meshes/payments/trust/roots";
            String a = as(adminToken).body(Map.of()).post(roots).then().statusCode(201).extract().path("id");
            String b = as(adminToken).body(Map.of()).post(roots).then().statusCode(201).extract().path("id");
            String token = as(adminToken).post(base() + "/clusters/c1/bootstrap-token").then().statusCode(200).extract()
                    .path("bootstrapToken");
            String credential = AgentBootstrap.credential(token);
            dev.meshfleet.trust.AgentTrustCalls.csr(credential, dev.meshfleet.trust.AgentTrustCalls
                    .csrPem(dev.meshfleet.trust.AgentTrustCalls.ecKey(), "CN=c1")).statusCode(200);
            dev.meshfleet.trust.AgentTrustCalls.report(credential, dev.meshfleet.trust.AgentTrustCalls.healthyFacts())
                    .statusCode(202);
            madeRoots.set(List.of(a, b));
        }
        return madeRoots.get();
    }

    /** A root rotation of the mesh to its second root (RUNNING, or PAUSED: waited for). */
    public String rotation(String status) {
        if (rotationId.get() == null) {
            var adminToken = TestTokens.user(admin);
            String rotations = base() + "/meshes/payments/trust/rotations/";
            String id = as(adminToken).body(Map.of("toRoot", trustRoots().get(1))).post(rotations).then().statusCode(201)
                    .extract().path("id");
            if (status.equals("PAUSED")) {
                as(adminToken).body(Map.of()).post(rotations + id + "/pause").then().statusCode(202);
                Await.until(id + " paused", Duration.ofSeconds(30), () -> "PAUSED".equals(as(adminToken)
                        .get(rotations + id).then().statusCode(200).extract().path("status")));
            }
            rotationId.set(id);
        }
        return rotationId.get();
    }
}
