package dev.meshfleet.tenancy;

import static dev.meshfleet.support.Api.as;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.support.Api;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TenantFixture;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The access matrix: every operation of the served API has a row here (checked against the served OpenAPI document,
 * so a new endpoint without a row fails). Each tenant-scoped row is walked as a member of another tenant (404), and as
 * viewer, operator and admin (the documented success status with a checked body, or 403). Each route gets a fresh
 * tenant ({@link TenantFixture}); callers go from least to most privileged, so only the last allowed call can change
 * anything. Platform rows (tenants themselves) are walked as platform admin, tenant admin and another tenant's admin.
 */
@QuarkusTest
class AccessMatrixTest {

    /**
     * One row: the operation as the spec names it ("METHOD /path/{template}" under /api/v1), the least role allowed,
     * the success status and what the successful body must show. stateChanging: the first allowed call changes what
     * later ones would see, so each caller gets a fresh fixture.
     */
    record Route(String op, String variant, Role least, int success, Function<TenantFixture, String> path,
            BiFunction<RequestSpecification, String, Response> call, boolean stateChanging,
            BiConsumer<TenantFixture, Response> body) {
        String name() {
            return variant.isEmpty() ? op : op + " (" + variant + ")";
        }
    }

    static final String CHANGED_INTENT = Seeds.PAYMENTS.replace("weight: 90", "weight: 80").replace("weight: 10",
            "weight: 20");
    private static final BiConsumer<TenantFixture, Response> NO_BODY = (f, r) -> assertEquals("", r.asString());

    static List<Route> routes() {
        List<Route> r = new ArrayList<>();
        add(r, "GET /tenants/{tenant}", Role.VIEWER, 200, f -> f.base(), (s, p) -> s.get(p),
                (f, b) -> assertEquals(f.tenant(), b.path("name")));
        add(r, "GET /tenants/{tenant}/members", Role.ADMIN, 200, f -> f.base() + "/members", (s, p) -> s.get(p),
                (f, b) -> assertEquals(new TreeSet<>(List.of(f.viewer(), f.operator(), f.admin())),
                        new TreeSet<>(b.<List<String>>path("items.subject"))));
        add(r, "POST /tenants/{tenant}/members", Role.ADMIN, 201, f -> f.base() + "/members",
                (s, p) -> s.body(Map.of("group", "sre", "role", "viewer")).post(p), (f, b) -> {
                    assertEquals("sre", b.path("group"));
                    assertEquals("viewer", b.path("role"));
                });
        add(r, "PATCH /tenants/{tenant}/members/{member}", Role.ADMIN, 200, f -> f.base() + "/members/" + f.viewerMemberId(),
                (s, p) -> s.body(Map.of("role", "operator")).patch(p), (f, b) -> {
                    assertEquals(f.viewerMemberId(), b.path("id"));
                    assertEquals(f.viewer(), b.path("subject"));
                    assertEquals("operator", b.path("role"));
                });
        add(r, "DELETE /tenants/{tenant}/members/{member}", Role.ADMIN, 204, f -> f.base() + "/members/" + f.viewerMemberId(),
                (s, p) -> s.delete(p), NO_BODY);
        add(r, "POST /tenants/{tenant}/clusters", Role.ADMIN, 201, f -> f.base() + "/clusters",
                (s, p) -> s.body(Map.of("name", "c2")).post(p), (f, b) -> assertEquals("c2", b.path("cluster.name")));
        add(r, "GET /tenants/{tenant}/clusters", Role.VIEWER, 200, f -> f.base() + "/clusters", (s, p) -> s.get(p),
                (f, b) -> assertEquals(List.of("c1"), b.path("items.name")));
        add(r, "GET /tenants/{tenant}/clusters/{cluster}", Role.VIEWER, 200, f -> f.base() + "/clusters/c1",
                (s, p) -> s.get(p), (f, b) -> {
                    assertEquals("c1", b.path("name"));
                    assertEquals("prod", b.path("labels.env"));
                });
        add(r, "PATCH /tenants/{tenant}/clusters/{cluster}", Role.ADMIN, 200, f -> f.base() + "/clusters/c1",
                (s, p) -> s.body(Map.of("labels", Map.of("env", "dev"))).patch(p), (f, b) -> {
                    assertEquals("c1", b.path("name"));
                    assertEquals("dev", b.path("labels.env"));
                });
        add(r, "POST /tenants/{tenant}/clusters/{cluster}/bootstrap-token", Role.ADMIN, 200,
                f -> f.base() + "/clusters/c1/bootstrap-token", (s, p) -> s.post(p), (f, b) -> {
                    assertEquals("c1", b.path("cluster.name"));
                    assertThat(b.path("bootstrapToken"), startsWith("mfb_"));
                });
        add(r, "POST /tenants/{tenant}/clusters/{cluster}/credential/revoke", Role.ADMIN, 204,
                f -> f.base() + "/clusters/c1/credential/revoke", (s, p) -> s.post(p), NO_BODY);
        add(r, "GET /tenants/{tenant}/clusters/{cluster}/agent.yaml", Role.ADMIN, 200,
                f -> f.base() + "/clusters/c1/agent.yaml", (s, p) -> s.accept("application/yaml").get(p),
                (f, b) -> assertThat(b.asString(), containsString("REPLACE-WITH-A-BOOTSTRAP-TOKEN")));
        add(r, "POST /tenants/{tenant}/clusters/{cluster}/agent.yaml", Role.ADMIN, 200,
                f -> f.base() + "/clusters/c1/agent.yaml", (s, p) -> s.accept("application/yaml").post(p),
                (f, b) -> assertThat(b.asString(), containsString("mfb_")));
        add(r, "DELETE /tenants/{tenant}/clusters/{cluster}", Role.ADMIN, 204, f -> f.base() + "/clusters/c1",
                (s, p) -> s.delete(p), NO_BODY);
        add(r, "POST /tenants/{tenant}/meshes", Role.ADMIN, 201, f -> f.base() + "/meshes",
                (s, p) -> s.body(Map.of("name", "other", "trustDomain", "cluster.local")).post(p), (f, b) -> {
                    assertEquals("other", b.path("name"));
                    assertEquals("cluster.local", b.path("trustDomain"));
                });
        add(r, "GET /tenants/{tenant}/meshes", Role.VIEWER, 200, f -> f.base() + "/meshes", (s, p) -> s.get(p),
                (f, b) -> assertEquals(List.of("payments"), b.path("items.name")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}", Role.VIEWER, 200, f -> f.base() + "/meshes/payments",
                (s, p) -> s.get(p), (f, b) -> assertEquals("payments", b.path("name")));
        add(r, "PATCH /tenants/{tenant}/meshes/{mesh}", Role.ADMIN, 200, f -> f.base() + "/meshes/payments",
                (s, p) -> s.body(Map.of("placement", Map.of("matchLabels", Map.of("env", "prod")))).patch(p), (f, b) -> {
                    assertEquals("payments", b.path("name"));
                    assertEquals("prod", b.path("placement.matchLabels.env"));
                });
        add(r, "POST /tenants/{tenant}/meshes/{mesh}/plan", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/plan",
                (s, p) -> s.contentType("application/yaml").body(CHANGED_INTENT).post(p),
                (f, b) -> assertEquals(Boolean.TRUE, b.path("valid")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/rendered", Role.VIEWER, 200,
                f -> f.base() + "/meshes/payments/rendered?cluster=c1", (s, p) -> s.accept("application/yaml").get(p),
                (f, b) -> assertThat(b.contentType(), startsWith("application/yaml")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/status", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/status",
                (s, p) -> s.get(p), (f, b) -> {
                    assertEquals("payments", b.path("mesh"));
                    assertEquals(1, (int) b.path("currentRevision"));
                });
        add(r, "DELETE /tenants/{tenant}/meshes/{mesh}", Role.ADMIN, 204, f -> f.base() + "/meshes/payments",
                (s, p) -> s.delete(p), NO_BODY);
        add(r, "PUT /tenants/{tenant}/meshes/{mesh}/intent", Role.ADMIN, 201, f -> f.base() + "/meshes/payments/intent",
                (s, p) -> s.contentType("application/yaml").header("If-Match", "\"1\"").body(CHANGED_INTENT).put(p),
                (f, b) -> assertEquals(2, (int) b.path("number")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/intent", Role.VIEWER, 200, f -> f.base() + "/meshes/payments/intent",
                (s, p) -> s.get(p), (f, b) -> assertThat(b.asString(), containsString("payment-service")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/revisions", Role.VIEWER, 200,
                f -> f.base() + "/meshes/payments/revisions", (s, p) -> s.get(p),
                (f, b) -> assertEquals(List.of(1), b.path("items.number")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/revisions/{number}", Role.VIEWER, 200,
                f -> f.base() + "/meshes/payments/revisions/1", (s, p) -> s.get(p),
                (f, b) -> assertEquals(1, (int) b.path("number")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/revisions/{from}/diff/{to}", Role.VIEWER, 200,
                f -> f.base() + "/meshes/payments/revisions/1/diff/1", (s, p) -> s.get(p), (f, b) -> {
                    assertEquals(1, (int) b.path("from"));
                    assertEquals(List.of(), b.path("changes"));
                });
        add(r, "POST /tenants/{tenant}/meshes/{mesh}/revisions/{number}/restore", Role.ADMIN, 200,
                f -> f.base() + "/meshes/payments/revisions/1/restore", (s, p) -> s.header("If-Match", "\"1\"").post(p),
                (f, b) -> assertThat(b.asString(), containsString("\"number\"")));
        add(r, "GET /tenants/{tenant}/audit", Role.VIEWER, 200, f -> f.base() + "/audit", (s, p) -> s.get(p), (f, b) -> {
            assertThat(b.<List<String>>path("items.objectName"), hasItem("payments"));
            assertThat(b.<List<String>>path("items.objectName"), hasItem("c1"));
        });
        r.add(new Route("POST /tenants/{tenant}/meshes/{mesh}/rollouts", "", Role.OPERATOR, 201,
                f -> f.base() + "/meshes/payments/rollouts", (s, p) -> s.body(TenantFixture.ROLLOUT).post(p), true,
                (f, b) -> {
                    assertEquals("payments", b.path("mesh"));
                    assertEquals(List.of("payment-service"), b.path("services"));
                    assertEquals("v2", b.path("canaryVersion"));
                }));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/rollouts", Role.VIEWER, 200,
                f -> {
                    f.rollout(); // so the listing has one to show
                    return f.base() + "/meshes/payments/rollouts?status=all";
                }, (s, p) -> s.get(p),
                (f, b) -> assertEquals(List.of(f.rollout()), b.path("items.id")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/rollouts/{id}", Role.VIEWER, 200,
                f -> f.base() + "/meshes/payments/rollouts/" + f.rollout(), (s, p) -> s.get(p), (f, b) -> {
                    assertEquals(f.rollout(), b.path("id"));
                    assertEquals("payments", b.path("mesh"));
                });
        // GET of an event stream never ends: HEAD answers the same status and headers
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/rollouts/{id}/events", Role.VIEWER, 200,
                f -> f.base() + "/meshes/payments/rollouts/" + f.rollout() + "/events",
                (s, p) -> s.config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 1500))).accept("text/event-stream").head(p),
                (f, b) -> { }); // HEAD: no body
        // each action on a rollout in a phase where it applies (with no agents, a rollout waits at its first weight)
        Map<String, String> phaseFor = Map.of("pause", "PROGRESSING", "resume", "PAUSED", "promote", "PROGRESSING",
                "abort", "PENDING", "retry", "ABORTED");
        phaseFor.forEach((action, phase) -> r.add(new Route("POST /tenants/{tenant}/meshes/{mesh}/rollouts/{id}/{action}",
                action, Role.OPERATOR, 202, f -> f.base() + "/meshes/payments/rollouts/" + f.rollout(phase) + "/" + action,
                (s, p) -> s.body(Map.of()).post(p), true, (f, b) -> assertEquals(f.rollout(), b.path("id")))));
        String trust = "/meshes/payments/trust";
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/trust", Role.VIEWER, 200, f -> {
            f.trustRoots();
            return f.base() + trust;
        }, (s, p) -> s.get(p), (f, b) -> {
            assertEquals("cluster.local", b.path("trustDomain"));
            assertEquals(List.of(f.trustRoots().get(0)), b.path("bundle"));
        });
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/trust/roots", Role.VIEWER, 200, f -> {
            f.trustRoots();
            return f.base() + trust + "/roots";
        }, (s, p) -> s.get(p), (f, b) -> assertEquals(f.trustRoots(), b.path("id")));
        r.add(new Route("POST /tenants/{tenant}/meshes/{mesh}/trust/roots", "", Role.ADMIN, 201,
                f -> f.base() + trust + "/roots", (s, p) -> s.body(Map.of()).post(p), true, (f, b) -> {
                    assertEquals("EC_P256", b.path("algorithm"));
                    assertThat(b.asString(), org.hamcrest.Matchers.not(containsString("PRIVATE KEY")));
                }));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/trust/roots/{id}", Role.VIEWER, 200,
                f -> f.base() + trust + "/roots/" + f.trustRoots().get(1), (s, p) -> s.get(p),
                (f, b) -> assertEquals(f.trustRoots().get(1), b.path("id")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/trust/intermediates", Role.VIEWER, 200, f -> {
            f.trustRoots();
            return f.base() + trust + "/intermediates";
        }, (s, p) -> s.get(p), (f, b) -> assertEquals(List.of("c1"), b.path("cluster")));
        // the body names the fixture's second root: the path function (run right before each call) leaves it here
        java.util.concurrent.atomic.AtomicReference<String> toRoot = new java.util.concurrent.atomic.AtomicReference<>();
        r.add(new Route("POST /tenants/{tenant}/meshes/{mesh}/trust/rotations", "", Role.ADMIN, 201, f -> {
            toRoot.set(f.trustRoots().get(1));
            return f.base() + trust + "/rotations";
        }, (s, p) -> s.body(Map.of("toRoot", toRoot.get())).post(p), true, (f, b) -> {
            assertEquals(f.trustRoots().get(1), b.path("toRoot"));
            assertEquals("RUNNING", b.path("status"));
        }));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/trust/rotations", Role.VIEWER, 200, f -> {
            f.rotation("RUNNING");
            return f.base() + trust + "/rotations";
        }, (s, p) -> s.get(p), (f, b) -> assertEquals(List.of(f.rotation("RUNNING")), b.path("id")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/trust/rotations/{id}", Role.VIEWER, 200,
                f -> f.base() + trust + "/rotations/" + f.rotation("RUNNING"), (s, p) -> s.get(p), (f, b) -> {
                    assertEquals(f.rotation("RUNNING"), b.path("id"));
                    assertEquals(List.of("c1"), b.path("clusters.cluster"));
                });
        Map<String, String> rotationStatusFor = Map.of("pause", "RUNNING", "resume", "PAUSED", "abort", "RUNNING");
        rotationStatusFor.forEach((action, status) -> r.add(new Route(
                "POST /tenants/{tenant}/meshes/{mesh}/trust/rotations/{id}/{action}", action, Role.ADMIN, 202,
                f -> f.base() + trust + "/rotations/" + f.rotation(status) + "/" + action,
                (s, p) -> s.body(Map.of()).post(p), true, (f, b) -> assertEquals(f.rotation(status), b.path("id")))));
        r.add(new Route("POST /tenants/{tenant}/meshes/{mesh}/git-sources", "", Role.ADMIN, 201,
                f -> f.base() + "/meshes/payments/git-sources", (s, p) -> s.body(gitSourceBody("new")).post(p), true,
                (f, b) -> {
                    assertEquals("new", b.path("source.name"));
                    assertThat(b.path("source.webhookPath"), startsWith("/hooks/"));
                    assertTrue(((String) b.path("webhookSecret")).length() >= 16);
                }));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/git-sources", Role.VIEWER, 200, f -> {
            gitSource(f);
            return f.base() + "/meshes/payments/git-sources";
        }, (s, p) -> s.get(p), (f, b) -> assertEquals(List.of("repo"), b.path("name")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/git-sources/{name}", Role.VIEWER, 200, AccessMatrixTest::gitSource,
                (s, p) -> s.get(p), (f, b) -> {
                    assertEquals("repo", b.path("name"));
                    assertEquals(null, (Object) b.path("webhookSecret"));
                });
        add(r, "PATCH /tenants/{tenant}/meshes/{mesh}/git-sources/{name}", Role.ADMIN, 200, AccessMatrixTest::gitSource,
                (s, p) -> s.body(Map.of("branch", "release")).patch(p), (f, b) -> assertEquals("release", b.path("branch")));
        add(r, "DELETE /tenants/{tenant}/meshes/{mesh}/git-sources/{name}", Role.ADMIN, 204, AccessMatrixTest::gitSource,
                (s, p) -> s.delete(p), NO_BODY);
        add(r, "POST /tenants/{tenant}/meshes/{mesh}/git-sources/{name}/webhook-secret", Role.ADMIN, 200,
                f -> gitSource(f) + "/webhook-secret", (s, p) -> s.body(Map.of()).post(p), (f, b) -> {
                    assertEquals("repo", b.path("source.name"));
                    assertTrue(((String) b.path("webhookSecret")).length() >= 16);
                });
        add(r, "POST /tenants/{tenant}/meshes/{mesh}/git-sources/{name}/sync", Role.ADMIN, 202,
                f -> gitSource(f) + "/sync", (s, p) -> s.post(p), (f, b) -> assertEquals("repo", b.path("name")));
        add(r, "GET /tenants/{tenant}/meshes/{mesh}/git-sources/{name}/syncs", Role.VIEWER, 200,
                f -> gitSource(f) + "/syncs", (s, p) -> s.get(p), (f, b) -> assertThat(b.asString(), containsString("items")));
        return r;
    }

    /** Tenants whose fixture has its git source "repo" already. */
    private static final Set<String> GIT_SOURCES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static Map<String, Object> gitSourceBody(String name) {
        return Map.of("name", name, "provider", "github", "repository", "file:///nonexistent/mesh.git", "branch", "main",
                "path", "mesh.yaml", "pollInterval", "off");
    }

    /** The fixture's git source "repo" (created by its admin the first time), as a path. */
    static String gitSource(TenantFixture f) {
        String sources = f.base() + "/meshes/payments/git-sources";
        if (GIT_SOURCES.add(f.tenant())) {
            as(TestTokens.user(f.admin())).body(gitSourceBody("repo")).post(sources).then().statusCode(201);
        }
        return sources + "/repo";
    }

    private static void add(List<Route> r, String op, Role least, int success, Function<TenantFixture, String> path,
            BiFunction<RequestSpecification, String, Response> call, BiConsumer<TenantFixture, Response> body) {
        r.add(new Route(op, "", least, success, path, call, false, body));
    }

    /** Operations on tenants themselves: platform admins only, except reading. */
    static final Set<String> PLATFORM_OPS = Set.of("POST /tenants", "GET /tenants", "DELETE /tenants/{tenant}");

    @Test
    void everyServedOperationHasARow() throws Exception {
        String served = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        JsonNode paths = new ObjectMapper().readTree(served).get("paths");
        Set<String> operations = new TreeSet<>();
        paths.fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/api/v1/")) {
                path.getValue().fieldNames().forEachRemaining(method -> {
                    if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                        operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey().substring("/api/v1".length()));
                    }
                });
            }
        });
        assertTrue(operations.size() > 30, "the served spec lists too few operations: " + operations);
        Set<String> rows = Stream.concat(routes().stream().map(Route::op), PLATFORM_OPS.stream())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(operations);
        missing.removeAll(rows);
        assertEquals(Set.of(), missing, "operations served without a row in the access matrix");
        Set<String> stale = new TreeSet<>(rows);
        stale.removeAll(operations);
        assertEquals(Set.of(), stale, "rows for operations the service does not serve");
    }

    @TestFactory
    Stream<DynamicTest> everyTenantScopedRoute() {
        // A member (even an admin) of another tenant sees nothing of this one.
        String outsider = Api.uniqueName("outsider");
        Api.tenantWithAdmin(outsider);
        return routes().stream().map(route -> DynamicTest.dynamicTest(route.name(), () -> {
            TenantFixture f = TenantFixture.create();
            String path = route.path().apply(f);
            Response foreign = route.call().apply(as(TestTokens.user(outsider)), path);
            assertEquals(404, foreign.statusCode(), route.name() + " as another tenant's admin: " + foreign.asString());
            if (!route.op().endsWith("/events")) { // HEAD: no body
                assertEquals("application/problem+json", foreign.contentType());
            }

            for (Role role : Role.values()) {
                TenantFixture g = route.stateChanging() && role != Role.VIEWER ? TenantFixture.create() : f;
                String at = g == f ? path : route.path().apply(g);
                Map<Role, String> members = Map.of(Role.VIEWER, g.viewer(), Role.OPERATOR, g.operator(), Role.ADMIN, g.admin());
                Response response = route.call().apply(as(TestTokens.user(members.get(role))), at);
                boolean allowed = role.includes(route.least());
                assertEquals(allowed ? route.success() : 403, response.statusCode(),
                        route.name() + " as " + role + ": " + response.asString());
                if (allowed) {
                    route.body().accept(g, response);
                }
            }
        }));
    }

    @Test
    void tenantsThemselvesArePlatformAdminBusiness() {
        String admin = Api.uniqueName("admin");
        String tenant = Api.tenantWithAdmin(admin);
        String other = Api.uniqueName("other");
        String otherTenant = Api.tenantWithAdmin(other);
        String platform = TestTokens.platformAdmin();

        // POST /tenants
        as(TestTokens.user(admin)).body(Map.of("name", Api.uniqueName("t"))).post("/api/v1/tenants").then().statusCode(403);
        String created = Api.uniqueName("t");
        as(platform).body(Map.of("name", created, "displayName", "Created")).post("/api/v1/tenants").then().statusCode(201)
                .body("name", org.hamcrest.Matchers.equalTo(created))
                .body("displayName", org.hamcrest.Matchers.equalTo("Created"));

        // GET /tenants: a member sees exactly the tenants they belong to; a platform admin sees all
        List<String> mine = as(TestTokens.user(admin)).get("/api/v1/tenants?limit=500").then().statusCode(200).extract()
                .path("items.name");
        assertEquals(List.of(tenant), mine);
        assertThat(as(platform).get("/api/v1/tenants?limit=500").then().statusCode(200).extract()
                .<List<String>>path("items.name"), everyItem(org.hamcrest.Matchers.notNullValue()));

        // DELETE /tenants/{tenant}: not for tenant admins (own or other tenant), not revealing whether it exists
        as(TestTokens.user(admin)).delete("/api/v1/tenants/" + tenant).then().statusCode(403)
                .contentType("application/problem+json");
        as(TestTokens.user(other)).delete("/api/v1/tenants/" + tenant).then().statusCode(403);
        as(TestTokens.user(other)).delete("/api/v1/tenants/no-such-tenant").then().statusCode(403);
        as(platform).delete("/api/v1/tenants/no-such-tenant").then().statusCode(404).contentType("application/problem+json");
        as(platform).delete("/api/v1/tenants/" + tenant).then().statusCode(204);
        as(TestTokens.user(admin)).get("/api/v1/tenants/" + tenant).then().statusCode(404);
        as(TestTokens.user(other)).get("/api/v1/tenants/" + otherTenant).then().statusCode(200);
    }
}
