package dev.meshfleet.trust;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.common.crypto.SecretSeal;
import dev.meshfleet.common.crypto.WrappedKey;
import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.LogCapture;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.trust.core.KeyAlgorithm;
import dev.meshfleet.trust.core.RootCa;
import dev.meshfleet.trust.core.RootCas;
import dev.meshfleet.trust.core.TrustDomain;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Root private keys never leave the server: every API response of a session that imports, generates, signs with and
 * rotates roots (and gets errors with a key pasted in the wrong field) is recorded, and neither those responses, the log
 * records of the run, nor the whole test log file hold any part of either key. The stored column holds only the sealed
 * form.
 */
@QuarkusTest
class KeyMaterialNeverShownTest {
    @Inject
    EntityManager em;
    @Inject
    SecretSeal seal;

    @Test
    void noResponseAndNoLogLineHoldsAnyPartOfARootKey() throws IOException {
        List<String> responses = new CopyOnWriteArrayList<>();
        Filter record = (request, response, context) -> {
            var r = context.next(request, response);
            responses.add(r.getHeaders().toString() + "\n" + r.asString());
            return r;
        };
        RestAssured.filters(record);
        List<String> keys = new ArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            TestTenant t = TestTenant.create();
            String credential = AgentBootstrap.credential(t.registerCluster("c1", Map.of()));
            t.createMesh(Map.of("name", "m", "trustDomain", "keys.example.org"));
            String trust = t.mesh("m") + "/trust";
            RootCa imported = new RootCas(new java.security.SecureRandom()).generate(new TrustDomain("keys.example.org"),
                    KeyAlgorithm.EC_P256, Duration.ofDays(800), Instant.now());
            String importedKeyPem = Pem.encode(imported.privateKey());
            // the key pasted into the certificate field, and with another root's certificate: refused without echo
            as(t.admin()).body(Map.of("certificate", importedKeyPem, "privateKey", importedKeyPem)).post(trust + "/roots")
                    .then().statusCode(400);
            String importedId = as(t.admin()).body(Map.of("certificate", Pem.encode(imported.certificate()),
                    "privateKey", importedKeyPem)).post(trust + "/roots").then().statusCode(201).extract().path("id");
            String generatedId = as(t.admin()).body(Map.of()).post(trust + "/roots").then().statusCode(201).extract()
                    .path("id");
            keys.add(importedKeyPem);
            keys.add(storedKey(generatedId));
            assertTrue(keys.get(1).contains("PRIVATE KEY"), "the generated root's key opens");

            AgentTrustCalls.ModelCluster cluster = new AgentTrustCalls.ModelCluster(credential);
            cluster.converge();
            as(t.admin()).get(trust).then().statusCode(200);
            as(t.admin()).get(trust + "/roots").then().statusCode(200);
            as(t.admin()).get(trust + "/roots/" + importedId).then().statusCode(200);
            as(t.admin()).get(trust + "/intermediates").then().statusCode(200);
            String endpoint = as(t.admin()).get(trust).then().extract().path("bundleEndpoint");
            RestAssured.given().get(endpoint).then().statusCode(200);
            String rotation = as(t.admin()).body(Map.of("toRoot", generatedId)).post(trust + "/rotations").then()
                    .statusCode(201).extract().path("id");
            cluster.converge();
            as(t.admin()).get(trust + "/rotations/" + rotation).then().statusCode(200);
            as(t.admin()).get(t.path() + "/audit").then().statusCode(200);

            List<String> fragments = new ArrayList<>();
            for (String keyPem : keys) {
                fragments.addAll(fragments(keyPem));
            }
            assertTrue(responses.size() >= 15, "responses recorded: " + responses.size());
            for (String response : responses) {
                assertFalse(response.contains("PRIVATE KEY"), "a response names a private key");
                for (String fragment : fragments) {
                    assertFalse(response.contains(fragment), "a response holds key material");
                }
            }
            for (LogCapture.Line line : log.lines(l -> true)) {
                for (String fragment : fragments) {
                    assertFalse(line.text().contains(fragment), "a log line holds key material: " + line.category());
                }
            }
            Path file = Path.of("target/meshfleet-test.log");
            assertTrue(Files.size(file) > 0, "the test log file is written");
            String whole = Files.readString(file, StandardCharsets.UTF_8);
            for (String fragment : fragments) {
                assertFalse(whole.contains(fragment), "the test log holds key material");
            }
            // at rest: only the sealed form
            String stored = QuarkusTransaction.requiringNew().call(() -> (String) em
                    .createNativeQuery("SELECT sealed_key FROM trust_roots WHERE id = cast(:id AS uuid)")
                    .setParameter("id", importedId).getSingleResult());
            assertTrue(stored.startsWith("v1:"));
            fragments(importedKeyPem).forEach(f -> assertFalse(stored.contains(f)));
        } finally {
            RestAssured.filters(List.of());
            RestAssured.reset();
        }
        assertEquals(2, keys.size());
    }

    /** The generated root's key, opened the way only the signer does. */
    private String storedKey(String rootId) {
        String sealed = QuarkusTransaction.requiringNew().call(() -> (String) em
                .createNativeQuery("SELECT sealed_key FROM trust_roots WHERE id = cast(:id AS uuid)")
                .setParameter("id", rootId).getSingleResult());
        return seal.openText(WrappedKey.decode(sealed), dev.meshfleet.trust.store.TrustRoot.keyContext(java.util.UUID.fromString(rootId)));
    }

    /**
     * Overlapping pieces of a key in the forms it could leak in: 24-character windows of its base64 (PEM) text, and
     * the private scalar in hex, either case.
     */
    static List<String> fragments(String keyPem) {
        List<String> out = new ArrayList<>();
        String base64 = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        for (int i = 0; i + 24 <= base64.length(); i += 12) {
            out.add(base64.substring(i, i + 24));
        }
        PrivateKey key = Pem.privateKey("key", keyPem);
        if (key instanceof ECPrivateKey ec) {
            String hex = HexFormat.of().formatHex(ec.getS().toByteArray());
            out.add(hex.substring(hex.length() - 40));
            out.add(hex.substring(hex.length() - 40).toUpperCase(java.util.Locale.ROOT));
            out.add(ec.getS().toString());
        }
        out.add(Base64.getEncoder().encodeToString(key.getEncoded()).substring(40, 80));
        return out;
    }
}
