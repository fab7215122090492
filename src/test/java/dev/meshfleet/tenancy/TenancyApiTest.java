package dev.meshfleet.tenancy;

import static dev.meshfleet.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.Api;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
class TenancyApiTest {

    @Test
    void onlyPlatformAdminsCreateAndDeleteTenants() {
        String name = Api.uniqueName("t");
        as(TestTokens.user("someone")).body(Map.of("name", name)).post("/api/v1/tenants").then().statusCode(403)
                .contentType("application/problem+json");
        as(TestTokens.platformAdmin()).body(Map.of("name", name, "displayName", "Acme")).post("/api/v1/tenants").then()
                .statusCode(201).body("name", equalTo(name)).body("displayName", equalTo("Acme"));
        as(TestTokens.platformAdmin()).body(Map.of("name", name)).post("/api/v1/tenants").then().statusCode(409);
        Api.addMember(name, "tenant-admin", "admin");
        as(TestTokens.user("tenant-admin")).delete("/api/v1/tenants/" + name).then().statusCode(403);
        as(TestTokens.platformAdmin()).delete("/api/v1/tenants/" + name).then().statusCode(204);
        as(TestTokens.platformAdmin()).get("/api/v1/tenants/" + name).then().statusCode(404);
    }

    @Test
    void listingShowsOnlyTheCallersTenantsAndPages() {
        TestTenant mine = TestTenant.withAdmin("lister");
        TestTenant other = TestTenant.withAdmin("x");
        as(mine.admin()).get("/api/v1/tenants").then().statusCode(200)
                .body("items.name", equalTo(List.of(mine.name())));
        as(TestTokens.platformAdmin()).queryParam("limit", 500).get("/api/v1/tenants").then().statusCode(200)
                .body("items.name", hasItem(other.name()));
        as(TestTokens.platformAdmin()).queryParam("limit", 1).get("/api/v1/tenants").then().statusCode(200)
                .body("items", hasSize(1)).body("nextCursor", notNullValue());
    }

    @Test
    void groupMembershipGrantsTheRoleOfTheGroup() {
        TestTenant tenant = TestTenant.withAdmin("owner");
        as(TestTokens.platformAdmin()).body(Map.of("group", "sre-team", "role", "viewer"))
                .post(tenant.path() + "/members").then().statusCode(201);
        as(TestTokens.user("carol", "sre-team")).get(tenant.meshes()).then().statusCode(200);
        as(TestTokens.user("carol", "sre-team")).body(Map.of("name", "m", "trustDomain", "cluster.local"))
                .post(tenant.meshes()).then().statusCode(403);
        as(TestTokens.user("dave", "other-team")).get(tenant.meshes()).then().statusCode(404);
    }

    @Test
    void theLastAdminStays() {
        TestTenant tenant = TestTenant.withAdmin("owner");
        String owner = tenant.admin();
        String id = as(owner).get(tenant.path() + "/members").then().statusCode(200).extract().path("items[0].id");
        as(owner).body(Map.of("role", "viewer")).patch(tenant.path() + "/members/" + id).then().statusCode(409);
        as(owner).delete(tenant.path() + "/members/" + id).then().statusCode(409);
    }

    @Test
    void badBodiesAreProblemsNamingTheField() {
        TestTenant tenant = TestTenant.withAdmin("owner");
        String owner = tenant.admin();
        String members = tenant.path() + "/members";
        as(TestTokens.platformAdmin()).body(Map.of("name", "Not_A_Name")).post("/api/v1/tenants").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].path", equalTo("$.name"));
        as(owner).body(Map.of("subject", "x", "role", "boss")).post(members).then().statusCode(400)
                .body("errors[0].path", equalTo("$.role"));
        as(owner).body(Map.of("subject", "x", "group", "y", "role", "admin")).post(members).then()
                .statusCode(400).body("errors[0].path", equalTo("$.group"));
        as(owner).body(Map.of("subject", "x", "role", "admin", "extra", 1)).post(members).then()
                .statusCode(400).body("errors[0].path", equalTo("$.extra"));
        as(owner).body("{not json").post(members).then().statusCode(400)
                .contentType("application/problem+json").body("detail", not(equalTo(null)));
        as(owner).get(tenant.path() + "/nowhere").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void withoutATokenTheApiAnswers401() {
        RestAssured.given().get("/api/v1/tenants").then().statusCode(401);
        RestAssured.given().auth().oauth2("not-a-jwt").get("/api/v1/tenants").then().statusCode(401);
    }
}
