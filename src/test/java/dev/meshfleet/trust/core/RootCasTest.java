package dev.meshfleet.trust.core;

import dev.meshfleet.common.crypto.Pem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.meshfleet.common.error.ValidationException;

class RootCasTest {
    static final TrustDomain DOMAIN = new TrustDomain("payments.example.org");
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    final RootCas roots = new RootCas(TestPki.RANDOM);

    @Test
    void generatedRootFollowsTheSpiffeProfile() throws Exception {
        X509Certificate root = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, NOW).certificate();

        assertProfile(root);
        assertEquals("SHA256withECDSA", root.getSigAlgName());
        assertEquals(256, ((ECPublicKey) root.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals(Duration.ofDays(3650).plus(RootCas.BACKDATE),
                Duration.between(root.getNotBefore().toInstant(), root.getNotAfter().toInstant()));
        assertEquals(NOW.plus(Duration.ofDays(3650)), root.getNotAfter().toInstant());
        assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
        root.verify(root.getPublicKey());
    }

    @Test
    void rsa4096IsTheOption() throws Exception {
        RootCa rsa = roots.generate(DOMAIN, KeyAlgorithm.RSA_4096, Duration.ofDays(365), NOW);
        X509Certificate root = rsa.certificate();

        assertProfile(root);
        assertEquals("SHA256withRSA", root.getSigAlgName());
        assertEquals(4096, ((RSAPublicKey) root.getPublicKey()).getModulus().bitLength());
        RootCas.ImportedRoot imported = roots.importRoot(DOMAIN, Pem.encode(root), Pem.encode(rsa.privateKey()), NOW);
        assertEquals(rsa.privateKey(), imported.root().privateKey());
        String privateExponent = ((java.security.interfaces.RSAPrivateKey) rsa.privateKey()).getPrivateExponent().toString();
        assertFalse(rsa.toString().contains(privateExponent.substring(0, 20)), rsa.toString());
    }

    @Test
    void serialsAreRandomPositiveAndAtLeast64Bits() {
        var first = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, Duration.ofDays(1), NOW).certificate().getSerialNumber();
        var second = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, Duration.ofDays(1), NOW).certificate().getSerialNumber();
        assertTrue(first.signum() > 0 && first.bitLength() >= 64 && first.bitLength() <= 159, first.toString(16));
        assertTrue(second.signum() > 0 && second.bitLength() >= 64, second.toString(16));
        assertFalse(first.equals(second));
    }

    /** The SPIFFE CA profile, asserted on the parsed certificate. */
    static void assertProfile(X509Certificate root) throws Exception {
        assertEquals(Integer.MAX_VALUE, root.getBasicConstraints(), "CA:true without a path length");
        assertTrue(root.getCriticalExtensionOIDs().containsAll(
                Set.of(Extension.basicConstraints.getId(), Extension.keyUsage.getId())));
        boolean[] keyUsage = root.getKeyUsage();
        assertTrue(keyUsage[5] && keyUsage[6], "keyCertSign and cRLSign");
        for (int bit : new int[] {0, 1, 2, 3, 4, 7, 8}) {
            assertFalse(keyUsage.length > bit && keyUsage[bit], "no other key usage, bit " + bit);
        }
        assertEquals(List.of(List.of(6, DOMAIN.spiffeId())), List.copyOf(root.getSubjectAlternativeNames()));
        byte[] ski = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                root.getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
        assertArrayEquals(X509Support.subjectKeyId(root.getPublicKey()).getKeyIdentifier(), ski);
        byte[] aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                root.getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
        assertArrayEquals(ski, aki);
        assertTrue(root.getSerialNumber().signum() > 0 && root.getSerialNumber().bitLength() >= 64);
        assertEquals(3, root.getVersion());
    }

    @Test
    void trustDomainNamesFollowSpiffeRules() {
        for (String good : List.of("cluster.local", "example.org", "a_b-c.9", "x")) {
            assertEquals(good, new TrustDomain(good).name());
        }
        for (String bad : List.of("", "Example.org", "spiffe://example.org", "example.org:8080", "user@example.org",
                "example.org/path", "exa mple", "a".repeat(256))) {
            ValidationException error = assertThrows(ValidationException.class, () -> new TrustDomain(bad), bad);
            assertEquals("trustDomain", error.errors().get(0).path());
        }
        assertThrows(ValidationException.class, () -> new TrustDomain(null));
    }

    @Test
    void importAcceptsAGoodRootAndReportsItsRemainingLifetime() {
        RootCa generated = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, Duration.ofDays(1000), NOW);
        Instant later = NOW.plus(Duration.ofDays(100));

        RootCas.ImportedRoot imported = roots.importRoot(DOMAIN, Pem.encode(generated.certificate()),
                Pem.encode(generated.privateKey()), later);

        assertEquals(generated.certificate(), imported.root().certificate());
        assertEquals(Duration.ofDays(900), imported.remainingLifetime());
        assertEquals(List.of(), imported.warnings());
        assertTrue(Pem.encode(generated.privateKey()).startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8 out");
    }

    @Test
    void importReadsARootMadeByOpensslWithItsSec1Key() throws Exception {
        Path dir = Files.createTempDirectory("mf-openssl-root");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        openssl("req", "-x509", "-new", "-key", key.toString(), "-out", cert.toString(), "-days", "30",
                "-subj", "/O=payments.example.org/CN=corporate root", "-addext", "basicConstraints=critical,CA:true",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-addext", "subjectAltName=URI:spiffe://payments.example.org");
        String keyPem = Files.readString(key);
        assertTrue(keyPem.startsWith("-----BEGIN EC PRIVATE KEY-----"), "SEC1, as openssl ecparam writes it");

        RootCas.ImportedRoot imported = roots.importRoot(DOMAIN, Files.readString(cert), keyPem, Instant.now());

        assertEquals("CN=corporate root,O=payments.example.org",
                imported.root().certificate().getSubjectX500Principal().getName());
        assertTrue(imported.remainingLifetime().toDays() >= 29, imported.remainingLifetime().toString());
        assertEquals(1, imported.warnings().size(), "only the short life: " + imported.warnings());
        for (String name : List.of("key.pem", "cert.pem")) {
            Files.delete(dir.resolve(name));
        }
        Files.delete(dir);
    }

    static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }

    @Test
    void importWarnsAboutAShortLifeAndAnotherTrustDomain() {
        RootCa generated = roots.generate(new TrustDomain("other.org"), KeyAlgorithm.EC_P256, Duration.ofDays(30), NOW);

        RootCas.ImportedRoot imported = roots.importRoot(DOMAIN, Pem.encode(generated.certificate()),
                Pem.encode(generated.privateKey()), NOW);

        assertEquals(2, imported.warnings().size(), imported.warnings().toString());
        assertTrue(imported.warnings().get(0).contains("spiffe://payments.example.org"));
        assertTrue(imported.warnings().get(1).contains("expires in 30 days"));
    }

    @Test
    void importRefusesWhatIsNotAUsableRootNamingTheProblem() {
        RootCa root = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, Duration.ofDays(10), NOW);
        RootCa other = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, Duration.ofDays(10), NOW);
        String cert = Pem.encode(root.certificate());
        String key = Pem.encode(root.privateKey());

        assertRefused("privateKey", "does not belong to the certificate",
                () -> roots.importRoot(DOMAIN, cert, Pem.encode(other.privateKey()), NOW));
        assertRefused("certificate", "expired at " + NOW.plus(Duration.ofDays(10)),
                () -> roots.importRoot(DOMAIN, cert, key, NOW.plus(Duration.ofDays(11))));
        assertRefused("certificate", "not valid yet",
                () -> roots.importRoot(DOMAIN, cert, key, NOW.minus(Duration.ofDays(1))));
        assertRefused("certificate", "exactly one root certificate",
                () -> roots.importRoot(DOMAIN, cert + Pem.encode(other.certificate()), key, NOW));
        assertRefused("certificate", "holds a private key",
                () -> roots.importRoot(DOMAIN, key, key, NOW));
        assertRefused("privateKey", "holds a certificate", () -> roots.importRoot(DOMAIN, cert, cert, NOW));
        assertRefused("certificate", "is not well-formed PEM", () -> roots.importRoot(DOMAIN,
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n", key, NOW));
        assertRefused("privateKey", "is empty", () -> roots.importRoot(DOMAIN, cert, " ", NOW));

        RootCa intermediateIssuer = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, Duration.ofDays(10), NOW);
        X509Certificate leaf = TestPki.leaf(intermediateIssuer.certificate(), intermediateIssuer.privateKey(), DOMAIN, NOW);
        assertRefused("certificate", "not a CA certificate",
                () -> roots.importRoot(DOMAIN, Pem.encode(leaf), key, NOW));
    }

    @Test
    void errorsAndToStringNeverCarryTheKey() {
        RootCa root = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, Duration.ofDays(10), NOW);
        String keyPem = Pem.encode(root.privateKey());
        String keyBase64 = Base64.getEncoder().encodeToString(root.privateKey().getEncoded());

        ValidationException wrongField = assertThrows(ValidationException.class,
                () -> roots.importRoot(DOMAIN, keyPem, keyPem, NOW));
        String corrupt = keyPem.replace("-----END", "!!!\n-----END");
        ValidationException malformed = assertThrows(ValidationException.class,
                () -> roots.importRoot(DOMAIN, Pem.encode(root.certificate()), corrupt, NOW));
        for (String text : List.of(wrongField.getMessage(), wrongField.errors().toString(), malformed.getMessage(),
                root.toString())) {
            assertFalse(text.contains(keyBase64.substring(40, 80)), text);
            assertFalse(keyPem.lines().skip(1).limit(2).anyMatch(text::contains), text);
        }
        assertTrue(root.toString().contains("hidden"), root.toString());
    }

    static void assertRefused(String field, String message, Executable call) {
        ValidationException error = assertThrows(ValidationException.class, call);
        assertEquals(field, error.errors().get(0).path(), error.getMessage());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }
}
