package dev.meshfleet.tenancy;

import static dev.meshfleet.support.Api.as;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.meshfleet.support.Api;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTokens;

/**
 * A fresh tenant for access tests: a cluster c1 (env=prod), a mesh "payments" at revision 1 and a viewer, an operator
 * and an admin member. The rollout of payment-service is created when a test first needs one.
 */
record TenantFixture(String tenant, String viewerMemberId, String viewer, String operator, String admin,
        AtomicReference<String> rolloutId) {

    static final Map<String, Object> ROLLOUT = Map.of("services", List.of("payment-service"), "stableVersion", "v1",
            "canaryVersion", "v2", "steps", List.of(Map.of("setWeight", 10), Map.of("setWeight", 100)));

    static TenantFixture create() {
        String viewer = Api.uniqueName("viewer");
        String operator = Api.uniqueName("operator");
        String admin = Api.uniqueName("admin");
        String tenant = Api.tenantWithAdmin(admin);
        String viewerId = as(TestTokens.platformAdmin()).body(Map.of("subject", viewer, "role", "viewer"))
                .post("/api/v1/tenants/" + tenant + "/members").then().statusCode(201).extract().path("id");
        Api.addMember(tenant, operator, "operator");
        String adminToken = TestTokens.user(admin);
        as(adminToken).body(Map.of("name", "c1", "labels", Map.of("env", "prod")))
                .post("/api/v1/tenants/" + tenant + "/clusters").then().statusCode(201);
        as(adminToken).body(Map.of("name", "payments", "trustDomain", "cluster.local"))
                .post("/api/v1/tenants/" + tenant + "/meshes").then().statusCode(201);
        as(adminToken).contentType("application/yaml").body(Seeds.PAYMENTS)
                .put("/api/v1/tenants/" + tenant + "/meshes/payments/intent").then().statusCode(201);
        return new TenantFixture(tenant, viewerId, viewer, operator, admin, new AtomicReference<>());
    }

    String base() {
        return "/api/v1/tenants/" + tenant;
    }

    /** A rollout of payment-service in the mesh, created when a route first needs one. */
    String rollout() {
        return rollout("PENDING");
    }

    /** As above, brought to a phase (PENDING: as created; PROGRESSING, PAUSED or ABORTED: waited for). */
    String rollout(String phase) {
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
