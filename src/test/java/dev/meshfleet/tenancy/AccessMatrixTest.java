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
    record Fixture(String tenant, String viewerMemberId, String viewer, String operator, String admin) {
        String base() {
            return "/api/v1/tenants/" + tenant;
        }
    }

    record Route(String name, Role least, int success, Function<Fixture, String> path,
            java.util.function.BiFunction<RequestSpecification, String, Response> call) {
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
        return new Fixture(tenant, viewerId, viewer, operator, admin);
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

            Map<Role, String> members = Map.of(Role.VIEWER, f.viewer(), Role.OPERATOR, f.operator(), Role.ADMIN, f.admin());
            for (Role role : Role.values()) {
                Response response = route.call().apply(as(TestTokens.user(members.get(role))), path);
                int expected = role.includes(route.least()) ? route.success() : 403;
                assertEquals(expected, response.statusCode(), route.name() + " as " + role + ": " + response.asString());
            }
        }));
    }
}
