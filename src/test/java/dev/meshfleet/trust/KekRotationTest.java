package dev.meshfleet.trust;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.crypto.KekConfig;
import dev.meshfleet.common.crypto.SecretSeal;
import dev.meshfleet.common.crypto.WrappedKey;
import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.common.crypto.SecretRewrap;
import dev.meshfleet.trust.store.TrustRoot;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A new key-encryption key made current while the old one stays configured: a root key sealed under the old KEK still
 * signs, re-wrapping seals it (and a git source's webhook secret) under the new one (same key inside), and then nothing is left under the old KEK.
 */
@QuarkusTest
@TestProfile(KekRotationTest.NewKekCurrent.class)
class KekRotationTest {
    static final String DEV_KEK = "bWVzaGZsZWV0LWRldi1rZXktbm90LWZvci1wcm9kISE=";
    static final String NEW_KEK = "bmV3LWtlay1mb3ItdGhlLXJvdGF0aW9uLXRlc3QtMzI=";

    public static class NewKekCurrent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meshfleet.kek.current-id", "kek-2", "meshfleet.kek.keys.kek-2", NEW_KEK);
        }
    }

    record Config(Optional<String> currentId, Map<String, String> keys, Optional<java.nio.file.Path> file)
            implements KekConfig {
    }

    @Inject
    EntityManager em;
    @Inject
    SecretSeal seal;
    @Inject
    SecretRewrap rewrap;

    @Test
    void keysSealedUnderTheOldKekKeepSigningAndAreResealedUnderTheNewOne() {
        TestTenant t = TestTenant.create();
        String credential = AgentBootstrap.credential(t.registerCluster("c1", Map.of()));
        t.createMesh(Map.of("name", "m", "trustDomain", "kek.example.org"));
        String id = as(t.admin()).body(Map.of()).post(t.mesh("m") + "/trust/roots").then().statusCode(201).extract()
                .path("id");
        UUID root = UUID.fromString(id);
        String context = TrustRoot.keyContext(root);
        // as it was stored before the KEK rotation: sealed under the old, then current, KEK
        SecretSeal before = new SecretSeal(new Config(Optional.of("dev-1"), Map.of("dev-1", DEV_KEK), Optional.empty()));
        String plain = seal.openText(WrappedKey.decode(stored(root)), context);
        String old = before.sealText(plain, context).encoded();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE trust_roots SET sealed_key = :k WHERE id = :id").setParameter("k", old).setParameter("id", root)
                .executeUpdate());
        // a git source's webhook secret, likewise sealed under the old KEK
        as(t.admin()).body(Map.of("name", "repo", "provider", "github", "repository",
                "file:///nonexistent/mesh.git", "branch", "main", "path", "mesh.yaml", "pollInterval", "off"))
                .post(t.mesh("m") + "/git-sources").then().statusCode(201);
        Object[] source = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT id, webhook_secret FROM git_sources WHERE name = 'repo' AND mesh_id = (SELECT mesh_id FROM "
                        + "trust_roots WHERE id = :root)").setParameter("root", root).getSingleResult());
        String sourceContext = "git-source/" + source[0] + "/webhook-secret";
        String webhookSecret = seal.openText(WrappedKey.decode((String) source[1]), sourceContext);
        String oldSecret = before.sealText(webhookSecret, sourceContext).encoded();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE git_sources SET webhook_secret = :k WHERE id = :id").setParameter("k", oldSecret)
                .setParameter("id", source[0]).executeUpdate());
        assertEquals(2, rewrap.sealedUnderOtherKeks());

        // still signs while sealed under the old KEK (no downtime)
        AgentTrustCalls.csr(credential, AgentTrustCalls.csrPem(AgentTrustCalls.ecKey(), "CN=c1")).statusCode(200);

        assertTrue(rewrap.rewrapAll() >= 2);
        assertEquals(0, rewrap.sealedUnderOtherKeks());
        String resealed = stored(root);
        assertTrue(resealed.startsWith("v1:kek-2:"), resealed.substring(0, 10));
        assertEquals(plain, seal.openText(WrappedKey.decode(resealed), context));
        String resealedSecret = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT webhook_secret FROM git_sources WHERE id = :id").setParameter("id", source[0]).getSingleResult());
        assertTrue(resealedSecret.startsWith("v1:kek-2:"));
        assertEquals(webhookSecret, seal.openText(WrappedKey.decode(resealedSecret), sourceContext));
        AgentTrustCalls.csr(credential, AgentTrustCalls.csrPem(AgentTrustCalls.ecKey(), "CN=c1")).statusCode(200);
    }

    private String stored(UUID root) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT sealed_key FROM trust_roots WHERE id = :id").setParameter("id", root).getSingleResult());
    }
}
