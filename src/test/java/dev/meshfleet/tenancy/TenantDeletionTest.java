package dev.meshfleet.tenancy;

import static dev.meshfleet.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.TenantFixture;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * DELETE /tenants/{t} (platform admins) deletes everything in the tenant at once: members, clusters (their agents'
 * credentials stop working), meshes with their revisions, rollouts. Nothing of it survives into a new tenant of the
 * same name.
 */
@QuarkusTest
class TenantDeletionTest {

    @Test
    void deletingATenantDeletesEverythingInIt() {
        TenantFixture f = TenantFixture.create();
        String rollout = f.rollout();
        String admin = TestTokens.user(f.admin());
        String token = as(admin).post(f.base() + "/clusters/c1/bootstrap-token").then().statusCode(200).extract()
                .path("bootstrapToken");
        String credential = AgentBootstrap.credential(token);
        given().auth().oauth2(credential).get("/agent/v1/desired").then().statusCode(200);

        as(admin).delete(f.base()).then().statusCode(403);
        as(TestTokens.platformAdmin()).delete(f.base()).then().statusCode(204);

        as(TestTokens.platformAdmin()).get(f.base()).then().statusCode(404);
        as(admin).get(f.base() + "/meshes/payments/rollouts/" + rollout).then().statusCode(404);
        given().auth().oauth2(credential).get("/agent/v1/desired").then().statusCode(401);
        as(TestTokens.platformAdmin()).delete(f.base()).then().statusCode(404);

        // the name is free again, and the new tenant starts empty
        as(TestTokens.platformAdmin()).body(Map.of("name", f.tenant())).post("/api/v1/tenants").then().statusCode(201)
                .body("name", equalTo(f.tenant()));
        String platform = TestTokens.platformAdmin();
        as(platform).get(f.base() + "/members").then().statusCode(200).body("items", empty());
        as(platform).get(f.base() + "/clusters").then().statusCode(200).body("items", empty());
        as(platform).get(f.base() + "/meshes").then().statusCode(200).body("items", empty());
        as(TestTokens.user(f.admin())).get(f.base()).then().statusCode(404);
        as(TestTokens.platformAdmin()).delete(f.base()).then().statusCode(204);
    }

    @Test
    void onlyPlatformAdminsDeleteTenants() {
        TestTenant tenant = TestTenant.create();
        as(tenant.admin()).delete(tenant.path()).then().statusCode(403).contentType("application/problem+json");
        as(tenant.admin()).get(tenant.path()).then().statusCode(200);
    }
}
