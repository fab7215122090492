package dev.meshfleet.tenancy;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.TestTenant;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/** The verified-token cache never accepts what token verification would refuse, and never outlives a token. */
@QuarkusTest
class TokenCacheTest {
    @Inject
    CachingTokenIdentityProvider provider;

    @Test
    void aTokenUsedAgainIsAnsweredFromTheCache() {
        TestTenant tenant = TestTenant.create();
        String token = tenant.admin();
        as(token).get(tenant.meshes()).then().statusCode(200);
        assertTrue(provider.verified().get("Default", token, Instant.now()).isPresent(), "kept after verification");
        long hits = provider.verified().hits();
        as(token).get(tenant.meshes()).then().statusCode(200);
        assertTrue(provider.verified().hits() > hits);
    }

    @Test
    void aBadSignatureIsRefusedAndNeverCached() {
        TestTenant tenant = TestTenant.create();
        String token = tenant.admin();
        as(token).get(tenant.meshes()).then().statusCode(200);
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[10] ^= 1;
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        as(forged).get(tenant.meshes()).then().statusCode(401);
        as(forged).get(tenant.meshes()).then().statusCode(401);
        assertFalse(provider.verified().get("Default", forged, Instant.now()).isPresent());
        // the claims of another caller under a signature that was valid for the first one
        String otherClaims = TestTokens.platformAdmin().split("\\.")[1];
        String swapped = parts[0] + "." + otherClaims + "." + parts[2];
        as(swapped).get("/api/v1/tenants").then().statusCode(401);
        assertFalse(provider.verified().get("Default", swapped, Instant.now()).isPresent());
    }

    @Test
    void anExpiredTokenIsRefusedEvenAfterItWasCached() throws InterruptedException {
        TestTenant tenant = TestTenant.create();
        String token = TestTokens.expiringIn(Duration.ofSeconds(2), tenant.adminSubject());
        as(token).get(tenant.meshes()).then().statusCode(200);
        as(token).get(tenant.meshes()).then().statusCode(200);
        Thread.sleep(2_500);
        as(token).get(tenant.meshes()).then().statusCode(401);
    }

    @Test
    void aRoleChangeTakesEffectAtOnceForACachedToken() {
        TestTenant tenant = TestTenant.create();
        TestTenant.Member viewer = tenant.addMember("viewer", "viewer");
        as(viewer.token()).get(tenant.meshes()).then().statusCode(200);
        as(viewer.token()).get(tenant.meshes()).then().statusCode(200);
        as(TestTokens.platformAdmin()).delete(tenant.path() + "/members/" + viewer.id()).then().statusCode(204);
        as(viewer.token()).get(tenant.meshes()).then().statusCode(404);
    }
}
