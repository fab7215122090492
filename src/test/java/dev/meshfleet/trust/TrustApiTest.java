package dev.meshfleet.trust;

import static dev.meshfleet.support.Api.as;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.trust.core.KeyAlgorithm;
import dev.meshfleet.trust.core.RootCa;
import dev.meshfleet.trust.core.RootCas;
import dev.meshfleet.trust.core.TrustDomain;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Roots, CSR signing for agents, intermediates and the SPIFFE bundle endpoint, over HTTP with real Postgres. */
@QuarkusTest
class TrustApiTest {

    @Test
    void firstRootIssuesSecondWaitsAndNoKeyIsEverShown() {
        TestTenant t = TestTenant.create();
        String credential = AgentBootstrap.credential(t.registerCluster("c1", Map.of("env", "prod")));
        t.createMesh(Map.of("name", "payments", "trustDomain", "pay.example.org"));
        String trust = t.mesh("payments") + "/trust";
        AgentTrustCalls.desired(credential).statusCode(204);

        JsonPath first = as(t.admin()).body(Map.of()).post(trust + "/roots").then().statusCode(201).extract().jsonPath();
        assertEquals("EC_P256", first.getString("algorithm"));
        assertEquals("GENERATED", first.getString("source"));
        assertTrue(first.getBoolean("issuing"));
        assertEquals(1, first.getInt("inBundle"));
        assertTrue(first.getBoolean("hasKey"));
        assertThat(first.prettify(), not(containsString("PRIVATE KEY")));
        assertThat(first.prettify(), not(containsString("sealed")));
        X509Certificate root = Pem.certificates("c", first.getString("certificatePem")).get(0);
        assertEquals(first.getString("sha256"), Fingerprints.of(root));
        assertTrue(first.getLong("expiresInDays") > 3600);

        JsonPath desired = AgentTrustCalls.desired(credential).statusCode(200).extract().jsonPath();
        assertEquals("pay.example.org", desired.getString("trustDomain"));
        assertEquals(first.getString("sha256"), desired.getString("issuerSha256"));
        assertEquals(first.getString("certificatePem"), desired.getString("rootCertPem"));
        assertEquals(Fingerprints.sha256(desired.getString("rootCertPem")), desired.getString("rootCertSha256"));

        // a second root is added, not trusted yet
        JsonPath second = as(t.admin()).body(Map.of("algorithm", "RSA_4096", "lifetime", "P730D")).post(trust + "/roots")
                .then().statusCode(201).extract().jsonPath();
        assertFalse(second.getBoolean("issuing"));
        assertEquals(0, second.getInt("inBundle"));
        assertEquals("RSA_4096", second.getString("algorithm"));
        JsonPath view = as(t.admin()).get(trust).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(first.getString("id")), view.getList("bundle"));
        assertEquals(2, view.getList("roots").size());
        assertThat(view.prettify(), not(containsString("PRIVATE KEY")));
    }

    @Test
    void csrSignedUnderTheIssuerWithTheProfileAndTamperedCsrRefused() throws Exception {
        TestTenant t = TestTenant.create();
        String credential = AgentBootstrap.credential(t.registerCluster("c1", Map.of()));
        t.createMesh(Map.of("name", "m", "trustDomain", "m.example.org"));
        String trust = t.mesh("m") + "/trust";
        AgentTrustCalls.csr(credential, AgentTrustCalls.csrPem(AgentTrustCalls.ecKey(), "CN=x")).statusCode(404);
        String rootSha = as(t.admin()).body(Map.of()).post(trust + "/roots").then().statusCode(201).extract()
                .path("sha256");

        KeyPair key = AgentTrustCalls.ecKey();
        JsonPath issued = AgentTrustCalls.csr(credential, AgentTrustCalls.csrPem(key, "CN=c1 intermediate,O=evil"))
                .statusCode(200).extract().jsonPath();
        X509Certificate ca = Pem.certificates("ca", issued.getString("caCertPem")).get(0);
        assertEquals(0, ca.getBasicConstraints());
        assertEquals(key.getPublic(), ca.getPublicKey());
        assertEquals(rootSha, issued.getString("issuerSha256"));
        List<X509Certificate> chain = Pem.certificates("chain", issued.getString("certChainPem"));
        assertEquals(2, chain.size());
        assertEquals(ca, chain.get(0));
        ca.verify(chain.get(1).getPublicKey());
        assertTrue(Duration.between(Instant.now(), ca.getNotAfter().toInstant()).toDays() <= 365);

        String good = AgentTrustCalls.csrPem(AgentTrustCalls.ecKey(), "CN=c1");
        byte[] der = Base64.getMimeDecoder().decode(good.replaceAll("-----[A-Z ]+-----", ""));
        der[der.length - 5] ^= 0x01; // inside the signature
        String tampered = "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
        AgentTrustCalls.csr(credential, tampered).statusCode(400).body("errors[0].path", org.hamcrest.Matchers.is("$.csr"));
        AgentTrustCalls.csr(credential, "not a csr").statusCode(400).body("errors[0].path", org.hamcrest.Matchers.is("$.csr"));

        JsonPath intermediates = as(t.admin()).get(trust + "/intermediates").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("c1"), intermediates.getList("cluster"));
        assertEquals(Fingerprints.of(ca), intermediates.getString("[0].sha256"));
        AgentTrustCalls.desired("mfc_not-a-credential").statusCode(401);
    }

    @Test
    void importChecksTheCertificateAndKeyAndNamesTheField() {
        TestTenant t = TestTenant.create();
        t.createMesh(Map.of("name", "m", "trustDomain", "imp.example.org"));
        String roots = t.mesh("m") + "/trust/roots";
        RootCas cas = new RootCas(new java.security.SecureRandom());
        RootCa mine = cas.generate(new TrustDomain("imp.example.org"), KeyAlgorithm.EC_P256, Duration.ofDays(200),
                Instant.now());
        RootCa other = cas.generate(new TrustDomain("imp.example.org"), KeyAlgorithm.EC_P256, Duration.ofDays(400),
                Instant.now());
        String cert = Pem.encode(mine.certificate());
        as(t.admin()).body(Map.of("certificate", cert, "privateKey", Pem.encode(other.privateKey()))).post(roots).then()
                .statusCode(400).body("errors[0].path", org.hamcrest.Matchers.is("$.privateKey"))
                .body(not(containsString("PRIVATE KEY")));
        as(t.admin()).body(Map.of("certificate", cert)).post(roots).then().statusCode(400)
                .body("errors[0].path", org.hamcrest.Matchers.is("$.privateKey"));
        as(t.admin()).body(Map.of("certificate", cert, "privateKey", Pem.encode(mine.privateKey()), "algorithm",
                "EC_P256")).post(roots).then().statusCode(400).body("errors[0].path", org.hamcrest.Matchers.is("$.algorithm"));
        as(t.admin()).body(Map.of("algorithm", "DSA")).post(roots).then().statusCode(400)
                .body("errors[0].path", org.hamcrest.Matchers.is("$.algorithm"));
        as(t.admin()).body(Map.of("lifetime", "ten years")).post(roots).then().statusCode(400)
                .body("errors[0].path", org.hamcrest.Matchers.is("$.lifetime"));
        as(t.admin()).body(Map.of("certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "privateKey", Pem.encode(mine.privateKey()))).post(roots).then().statusCode(400)
                .body("errors[0].path", org.hamcrest.Matchers.is("$.certificate"));

        JsonPath imported = as(t.admin()).body(Map.of("certificate", cert, "privateKey", Pem.encode(mine.privateKey())))
                .post(roots).then().statusCode(201).extract().jsonPath();
        assertEquals("IMPORTED", imported.getString("source"));
        assertTrue(imported.getLong("expiresInDays") >= 199);
        assertThat(imported.getList("warnings").toString(), containsString("intermediates it signs end with it"));
        as(t.admin()).body(Map.of("certificate", cert, "privateKey", Pem.encode(mine.privateKey()))).post(roots).then()
                .statusCode(400).body("detail", containsString("already"));
    }

    @io.quarkus.test.common.http.TestHTTPResource(value = "metrics", management = true)
    java.net.URL metrics;

    @Test
    void expiryWarningsInTheApiAndAsMetrics() {
        TestTenant t = TestTenant.create();
        String credential = AgentBootstrap.credential(t.registerCluster("edge-1", Map.of()));
        String mesh = "m";
        t.createMesh(Map.of("name", mesh, "trustDomain", "exp.example.org"));
        String trust = t.mesh(mesh) + "/trust";
        JsonPath root = as(t.admin()).body(Map.of("lifetime", "P5D")).post(trust + "/roots").then().statusCode(201)
                .extract().jsonPath();
        assertThat(root.getString("expiryWarning"), containsString("expires within 7 days"));
        AgentTrustCalls.csr(credential, AgentTrustCalls.csrPem(AgentTrustCalls.ecKey(), "CN=edge-1")).statusCode(200);
        JsonPath intermediate = as(t.admin()).get(trust + "/intermediates").then().statusCode(200).extract().jsonPath();
        assertThat(intermediate.getString("[0].expiryWarning"), containsString("expires within 7 days"));
        String tenantLabel = "tenant=\"" + t.name() + "\"";
        Await.until("expiry metrics for the root and edge-1's intermediate", Duration.ofSeconds(20), () -> {
            String scraped = io.restassured.RestAssured.given().get(metrics).then().statusCode(200).extract().asString();
            return scraped.lines().anyMatch(l -> l.startsWith("meshfleet_trust_certificate_expiry_warning_days{")
                    && l.contains(tenantLabel) && l.contains("kind=\"root\"") && l.endsWith(" 7.0"))
                    && scraped.lines().anyMatch(l -> l.startsWith("meshfleet_trust_certificate_expiry_warning_days{")
                            && l.contains(tenantLabel) && l.contains("name=\"edge-1\"") && l.endsWith(" 7.0"))
                    && scraped.lines().anyMatch(l -> l.startsWith("meshfleet_trust_certificate_expiry_seconds{")
                            && l.contains(tenantLabel) && l.contains("kind=\"root\""));
        });
    }

    @Test
    void spiffeBundleIsAPublicCacheableJwkSet() {
        TestTenant t = TestTenant.create();
        t.createMesh(Map.of("name", "m", "trustDomain", "b.example.org"));
        assertNull(as(t.admin()).get(t.mesh("m") + "/trust").then().statusCode(200).extract().path("bundleEndpoint"));
        io.restassured.RestAssured.given().get("/trust-bundles/" + java.util.UUID.randomUUID()).then().statusCode(404);
        io.restassured.RestAssured.given().get("/trust-bundles/not-a-uuid").then().statusCode(404);
        String pem = as(t.admin()).body(Map.of()).post(t.mesh("m") + "/trust/roots").then().statusCode(201).extract()
                .path("certificatePem");
        String endpoint = as(t.admin()).get(t.mesh("m") + "/trust").then().statusCode(200).extract()
                .path("bundleEndpoint");
        var response = io.restassured.RestAssured.given().get(endpoint).then().statusCode(200)
                .header("Cache-Control", "public, max-age=300").extract();
        JsonPath bundle = response.jsonPath();
        assertEquals(1, bundle.getList("keys").size());
        assertEquals("x509-svid", bundle.getString("keys[0].use"));
        assertEquals("EC", bundle.getString("keys[0].kty"));
        assertEquals("P-256", bundle.getString("keys[0].crv"));
        assertNull(bundle.get("keys[0].kid"));
        assertEquals(1, bundle.getList("keys[0].x5c").size());
        X509Certificate root = Pem.certificates("c", pem).get(0);
        assertEquals(Base64.getEncoder().encodeToString(((java.util.function.Supplier<byte[]>) () -> {
            try {
                return root.getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get()), bundle.getString("keys[0].x5c[0]"));
        assertEquals(1, bundle.getInt("spiffe_sequence"));
        assertEquals(300, bundle.getInt("spiffe_refresh_hint"));
        String etag = response.header("ETag");
        io.restassured.RestAssured.given().header("If-None-Match", etag).get(endpoint).then()
                .statusCode(304);
    }
}
