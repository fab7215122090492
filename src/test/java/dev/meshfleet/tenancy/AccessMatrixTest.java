package dev.meshfleet.tenancy;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.meshfleet.support.Api;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Walks every tenant-scoped route as a member of another tenant (404), and as viewer, operator and admin (the documented
 * success status, or 403). Each route gets a fresh tenant with a cluster, a mesh at revision 1 and three members; callers
 * go from least to most privileged, so only the last allowed call can change anything.
 */
@QuarkusTest
class AccessMatrixTest {

    /** A fresh tenant and the names the routes refer to. */
    record Fixture(String tenant, String viewerMemberId, String viewer, String operator, String admin,
            java.util.concurrent.atomic.AtomicReference<String> rolloutId) {
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
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                String phase = as(TestTokens.user(viewer)).get(rollout).then().statusCode(200).extract().path("phase");
                if (phase.matches(phases)) {
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new AssertionError(rollout + " never reached " + phases);
        }
    }

    static final Map<String, Object> ROLLOUT = Map.of("services", List.of("payment-service"), "stableVersion", "v1",
            "canaryVersion", "v2", "steps", List.of(Map.of("setWeight", 10), Map.of("setWeight", 100)));

    /** stateChanging: the first allowed call changes what later ones would see, so each caller gets a fresh fixture. */
    record Route(String name, Role least, int success, Function<Fixture, String> path,
            java.util.function.BiFunction<RequestSpecification, String, Response> call, boolean stateChanging) {
        Route(String name, Role least, int success, Function<Fixture, String> path,
                java.util.function.BiFunction<RequestSpecification, String, Response> call) {
            this(name, least, success, path, call, false);
        }
    }

    static Fixture fixture() {
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
        return new Fixture(tenant, viewerId, viewer, operator, admin, new java.util.concurrent.atomic.AtomicReference<>());
    }

    static final String CHANGED_INTENT = Seeds.PAYMENTS.replace("weight: 90", "weight: 80").replace("weight: 10",
            "weight: 20");

    static List<Route> routes() {
        List<Route> r = new ArrayList<>();
        r.add(new Route("get tenant", Role.VIEWER, 200, f -> f.base(), (s, p) -> s.get(p)));
        r.add(new Route("list members", Role.ADMIN, 200, f -> f.base() + "/members", (s, p) -> s.get(p)));
        r.add(new Route("add member", Role.ADMIN, 201, f -> f.base() + "/members",
                (s, p) -> s.body(Map.of("group", "sre", "role", "viewer")).post(p)));
        r.add(new Route("change member role", Role.ADMIN, 200, f -> f.base() + "/members/" + f.viewerMemberId(),
                (s, p) -> s.body(Map.of("role", "operator")).patch(p)));
        r.add(new Route("remove member", Role.ADMIN, 204, f -> f.base() + "/members/" + f.viewerMemberId(),
                (s, p) -> s.delete(p)));
        r.add(new Route("register cluster", Role.ADMIN, 201, f -> f.base() + "/clusters",
                (s, p) -> s.body(Map.of("name", "c2")).post(p)));
        r.add(new Route("list clusters", Role.VIEWER, 200, f -> f.base() + "/clusters", (s, p) -> s.get(p)));
        r.add(new Route("get cluster", Role.VIEWER, 200, f -> f.base() + "/clusters/c1", (s, p) -> s.get(p)));
        r.add(new Route("patch cluster", Role.ADMIN, 200, f -> f.base() + "/clusters/c1",
                (s, p) -> s.body(Map.of("labels", Map.of("env", "dev"))).patch(p)));
        r.add(new Route("reissue bootstrap token", Role.ADMIN, 200, f -> f.base() + "/clusters/c1/bootstrap-token",
                (s, p) -> s.post(p)));
        r.add(new Route("revoke agent credential", Role.ADMIN, 204, f -> f.base() + "/clusters/c1/credential/revoke",
                (s, p) -> s.post(p)));
        r.add(new Route("agent install manifest", Role.ADMIN, 200, f -> f.base() + "/clusters/c1/agent.yaml",
                (s, p) -> s.accept("application/yaml").get(p)));
        r.add(new Route("delete cluster", Role.ADMIN, 204, f -> f.base() + "/clusters/c1", (s, p) -> s.delete(p)));
        r.add(new Route("create mesh", Role.ADMIN, 201, f -> f.base() + "/meshes",
                (s, p) -> s.body(Map.of("name", "other", "trustDomain", "cluster.local")).post(p)));
        r.add(new Route("list meshes", Role.VIEWER, 200, f -> f.base() + "/meshes", (s, p) -> s.get(p)));
        r.add(new Route("get mesh", Role.VIEWER, 200, f -> f.base() + "/meshes/payments", (s, p) -> s.get(p)));
        r.add(new Route("patch mesh placement", Role.ADMIN, 200, f -> f.base() + "/meshes/payments",
                (s, p) -> s.body(Map.of("placement", Map.of("matchLabels", Map.of("env", "prod")))).patch(p)));
        r.add(new Route("plan", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/plan",
                (s, p) -> s.contentType("application/yaml").body(CHANGED_INTENT).post(p)));
        r.add(new Route("rendered", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/rendered?cluster=c1",
                (s, p) -> s.accept("application/yaml").get(p)));
        r.add(new Route("mesh status", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/status", (s, p) -> s.get(p)));
        r.add(new Route("delete mesh", Role.ADMIN, 204, f -> f.base() + "/meshes/payments", (s, p) -> s.delete(p)));
        r.add(new Route("put intent", Role.ADMIN, 201, f -> f.base() + "/meshes/payments/intent",
                (s, p) -> s.contentType("application/yaml").header("If-Match", "\"1\"").body(CHANGED_INTENT).put(p)));
        r.add(new Route("get intent", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/intent", (s, p) -> s.get(p)));
        r.add(new Route("list revisions", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/revisions",
                (s, p) -> s.get(p)));
        r.add(new Route("get revision", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/revisions/1",
                (s, p) -> s.get(p)));
        r.add(new Route("diff revisions", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/revisions/1/diff/1",
                (s, p) -> s.get(p)));
        r.add(new Route("restore revision", Role.ADMIN, 200, f -> f.base() + "/meshes/payments/revisions/1/restore",
                (s, p) -> s.header("If-Match", "\"1\"").post(p)));
        r.add(new Route("audit log", Role.VIEWER, 200, f -> f.base() + "/audit", (s, p) -> s.get(p)));
        r.add(new Route("start rollout", Role.OPERATOR, 201, f -> f.base() + "/meshes/payments/rollouts",
                (s, p) -> s.body(ROLLOUT).post(p), true));
        r.add(new Route("list rollouts", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/rollouts", (s, p) -> s.get(p)));
        r.add(new Route("get rollout", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/rollouts/" + f.rollout(),
                (s, p) -> s.get(p)));
        r.add(new Route("rollout events", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/rollouts/" + f.rollout()
                + "/events", (s, p) -> s.config(io.restassured.RestAssured.config().httpClient(
                        io.restassured.config.HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 1500)))
                        .accept("text/event-stream").head(p)));
        // each action on a rollout in a phase where it applies (with no agents, a rollout waits at its first weight)
        Map<String, String> phaseFor = Map.of("pause", "PROGRESSING", "resume", "PAUSED", "promote", "PROGRESSING",
                "abort", "PENDING", "retry", "ABORTED");
        phaseFor.forEach((action, phase) -> r.add(new Route(action + " rollout", Role.OPERATOR, 202,
                f -> f.base() + "/meshes/payments/rollouts/" + f.rollout(phase) + "/" + action,
                (s, p) -> s.body(Map.of()).post(p), true)));
        return r;
    }

    @TestFactory
    Stream<DynamicTest> everyTenantScopedRoute() {
        // A member (even an admin) of another tenant sees nothing of this one.
        String outsider = Api.uniqueName("outsider");
        Api.tenantWithAdmin(outsider);
        return routes().stream().map(route -> DynamicTest.dynamicTest(route.name(), () -> {
            Fixture f = fixture();
            String path = route.path().apply(f);
            Response foreign = route.call().apply(as(TestTokens.user(outsider)), path);
            assertEquals(404, foreign.statusCode(), route.name() + " as another tenant's admin: " + foreign.asString());
            assertEquals("application/problem+json", foreign.contentType());

            for (Role role : Role.values()) {
                Fixture g = route.stateChanging() && role != Role.VIEWER ? fixture() : f;
                String at = g == f ? path : route.path().apply(g);
                Map<Role, String> members = Map.of(Role.VIEWER, g.viewer(), Role.OPERATOR, g.operator(), Role.ADMIN, g.admin());
                Response response = route.call().apply(as(TestTokens.user(members.get(role))), at);
                int expected = role.includes(route.least()) ? route.success() : 403;
                assertEquals(expected, response.statusCode(), route.name() + " as " + role + ": " + response.asString());
            }
        }));
    }
}
