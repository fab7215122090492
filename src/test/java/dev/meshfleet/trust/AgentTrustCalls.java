package dev.meshfleet.trust;

import static io.restassured.RestAssured.given;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.protocol.TrustReport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * The agent protocol's trust calls made by hand, and a model cluster that holds exactly what the server asks and reports
 * it truthfully (cacerts, istiod's ConfigMaps and CA certificate, leaf checks): for server-side tests of signing and
 * evidence gating. The real agent is tested end to end elsewhere.
 */
public final class AgentTrustCalls {
    private AgentTrustCalls() {
    }

    public static ValidatableResponse desired(String credential) {
        return given().header("Authorization", "Bearer " + credential).get("/agent/v1/trust").then();
    }

    public static ValidatableResponse csr(String credential, String csrPem) {
        return given().header("Authorization", "Bearer " + credential).contentType(ContentType.JSON)
                .body(Map.of("csr", csrPem)).post("/agent/v1/trust/csr").then();
    }

    public static ValidatableResponse report(String credential, Object report) {
        return given().header("Authorization", "Bearer " + credential).contentType(ContentType.JSON).body(report)
                .post("/agent/v1/trust/report").then();
    }

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String csrPem(KeyPair key, String subject) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            return Pem.encode(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Facts that let a rotation start. */
    public static Map<String, Object> healthyFacts() {
        Map<String, Object> facts = new HashMap<>();
        facts.put("istioVersion", "1.26.2");
        facts.put("ambient", false);
        facts.put("multiRootMesh", true);
        facts.put("xdsAgent", true);
        return facts;
    }

    /**
     * A cluster that does what its agent and istiod would: keeps an intermediate from the desired issuer (asking for a
     * new one with a CSR when the issuer changes), writes the bundle, and reports what it holds.
     */
    static final class ModelCluster {
        final String credential;
        String issuer;
        String intermediateSha;
        String previousIssuer;
        String rootCertSha;

        ModelCluster(String credential) {
            this.credential = credential;
        }

        /** Converges to what the server asks now and reports it; returns the report sent. */
        Map<String, Object> converge() {
            JsonPath desired = desired(credential).statusCode(200).extract().jsonPath();
            String wantIssuer = desired.getString("issuerSha256");
            if (!wantIssuer.equals(issuer)) {
                JsonPath issued = csr(credential, csrPem(ecKey(), "CN=model intermediate")).statusCode(200).extract()
                        .jsonPath();
                X509Certificate intermediate = Pem.certificates("ca", issued.getString("caCertPem")).get(0);
                previousIssuer = issuer;
                issuer = issued.getString("issuerSha256");
                intermediateSha = Fingerprints.of(intermediate);
            }
            rootCertSha = Fingerprints.sha256(desired.getString("rootCertPem"));
            Map<String, Object> report = healthyFacts();
            report.put("cacertsRootSha256", rootCertSha);
            report.put("cacertsIntermediateSha256", intermediateSha);
            report.put("cacertsIssuerSha256", issuer);
            report.put("configMapRoots", Map.of(rootCertSha, 3));
            report.put("istiodIntermediateSha256", intermediateSha);
            if (desired.getBoolean("probeLeaves")) {
                List<Map<String, Object>> checks = new ArrayList<>();
                checks.add(Map.of("intermediateSha256", intermediateSha, "issuerSha256", issuer, "verified", true));
                if (previousIssuer != null) {
                    checks.add(Map.of("intermediateSha256", "0".repeat(64), "issuerSha256", previousIssuer,
                            "verified", true));
                }
                report.put("leafChecks", checks);
            }
            report(credential, report).statusCode(202);
            return report;
        }
    }
}
