package dev.meshfleet.trust.core;

import dev.meshfleet.common.crypto.Pem;

import static dev.meshfleet.trust.core.RootCasTest.DOMAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The real {@code openssl verify} on chains this core builds: root (generated or RSA) -> intermediate from a CSR -> a
 * workload leaf as istiod would sign it. Run with the wall clock: openssl checks validity against now.
 */
class OpensslChainTest {
    final Instant now = Instant.now();
    final RootCas roots = new RootCas(TestPki.RANDOM);
    final CsrSigner signer = new CsrSigner(TestPki.RANDOM, Duration.ofDays(365));

    record Cluster(X509Certificate intermediate, X509Certificate leaf) {
    }

    Cluster cluster(RootCa root, String name) {
        KeyPair keys = TestPki.p256();
        X509Certificate intermediate = signer.sign(TestPki.csr(keys, "CN=" + name), root, DOMAIN, name, now);
        return new Cluster(intermediate, TestPki.leaf(intermediate, keys.getPrivate(), DOMAIN, now));
    }

    @Test
    void leafVerifiesAgainstItsRootAndNotAnother() {
        RootCa rootA = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, now);
        RootCa rootB = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, now);
        Cluster east = cluster(rootA, "east");
        String rootAPem = Pem.encode(rootA.certificate());
        String intermediatePem = Pem.encode(east.intermediate());

        assertOk(TestPki.opensslVerify(rootAPem, intermediatePem, east.leaf()));
        assertOk(TestPki.opensslVerify(rootAPem, intermediatePem, east.leaf(), "-x509_strict", "-purpose", "sslserver"));

        TestPki.Verdict wrongRoot = TestPki.opensslVerify(Pem.encode(rootB.certificate()), intermediatePem, east.leaf());
        assertFalse(wrongRoot.ok(), wrongRoot.output());
        assertTrue(wrongRoot.output().contains("unable to get local issuer certificate"), wrongRoot.output());
    }

    @Test
    void cacertsChainVerifiesAndABundleOfTwoRootsTrustsLeavesOfBoth() {
        RootCa rootA = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, now);
        RootCa rootB = roots.generate(DOMAIN, KeyAlgorithm.RSA_4096, RootCas.DEFAULT_LIFETIME, now);
        Cluster underA = cluster(rootA, "east");
        Cluster underB = cluster(rootB, "east");
        List<X509Certificate> overlap = List.of(rootA.certificate(), rootB.certificate());

        CaCerts files = CaCerts.of(underB.intermediate(), rootB.certificate(), overlap);

        assertEquals(Pem.encode(underB.intermediate()), files.caCertPem());
        assertEquals(Pem.encode(rootA.certificate()) + Pem.encode(rootB.certificate()), files.rootCertPem());
        assertEquals(Pem.encode(underB.intermediate()) + Pem.encode(rootB.certificate()), files.certChainPem());
        assertEquals(List.of("ca-cert.pem", "root-cert.pem", "cert-chain.pem"), List.copyOf(files.files().keySet()));
        assertOk(TestPki.opensslVerify(files.rootCertPem(), files.certChainPem(), underB.leaf(), "-x509_strict"));
        assertOk(TestPki.opensslVerify(files.rootCertPem(), Pem.encode(underA.intermediate()), underA.leaf()));
        // once A is dropped, only B's leaves verify
        String onlyB = Pem.encode(rootB.certificate());
        assertOk(TestPki.opensslVerify(onlyB, files.certChainPem(), underB.leaf()));
        assertFalse(TestPki.opensslVerify(onlyB, Pem.encode(underA.intermediate()), underA.leaf()).ok());
    }

    @Test
    void aRepeatedRootMakesADifferentBundleThatStillVerifies() {
        RootCa rootB = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, now);
        RootCa rootA = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, now);
        Cluster underB = cluster(rootB, "west");
        CaCerts plain = CaCerts.of(underB.intermediate(), rootB.certificate(),
                List.of(rootA.certificate(), rootB.certificate()));
        CaCerts reload = CaCerts.of(underB.intermediate(), rootB.certificate(),
                List.of(rootA.certificate(), rootB.certificate(), rootB.certificate()));

        assertFalse(plain.rootCertPem().equals(reload.rootCertPem()));
        assertOk(TestPki.opensslVerify(reload.rootCertPem(), reload.certChainPem(), underB.leaf()));
    }

    @Test
    void cacertsRefusesABundleWithoutTheIssuingRootOrAForeignIntermediate() {
        RootCa rootA = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, now);
        RootCa rootB = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, now);
        Cluster underA = cluster(rootA, "east");

        assertThrows(IllegalArgumentException.class,
                () -> CaCerts.of(underA.intermediate(), rootA.certificate(), List.of(rootB.certificate())));
        assertThrows(IllegalArgumentException.class,
                () -> CaCerts.of(underA.intermediate(), rootB.certificate(), List.of(rootB.certificate())));
    }

    static void assertOk(TestPki.Verdict verdict) {
        assertTrue(verdict.ok(), verdict.output());
        assertTrue(verdict.output().trim().endsWith(": OK"), verdict.output());
    }
}
