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
        AtomicReference<String> rolloutId) {

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
                new AtomicReference<>());
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
}
