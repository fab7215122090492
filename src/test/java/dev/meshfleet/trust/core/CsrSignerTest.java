package dev.meshfleet.trust.core;

import dev.meshfleet.common.crypto.Pem;

import static dev.meshfleet.trust.core.RootCasTest.DOMAIN;
import static dev.meshfleet.trust.core.RootCasTest.NOW;
import static dev.meshfleet.trust.core.RootCasTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

import dev.meshfleet.common.error.ValidationException;

class CsrSignerTest {
    final RootCas roots = new RootCas(TestPki.RANDOM);
    final CsrSigner signer = new CsrSigner(TestPki.RANDOM, CsrSigner.MAX_LIFETIME);
    final RootCa root = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, NOW);

    @Test
    void intermediateFollowsTheProfile() throws Exception {
        KeyPair keys = TestPki.p256();

        X509Certificate intermediate = signer.sign(TestPki.csr(keys, "CN=istiod"), root, DOMAIN, "east-1", NOW);

        assertIntermediateProfile(intermediate, keys);
        assertEquals(NOW.minus(RootCas.BACKDATE), intermediate.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(365)), intermediate.getNotAfter().toInstant());
        assertNotEquals(intermediate.getSerialNumber(),
                signer.sign(TestPki.csr(keys, "CN=istiod"), root, DOMAIN, "east-1", NOW).getSerialNumber());
    }

    void assertIntermediateProfile(X509Certificate intermediate, KeyPair keys) throws Exception {
        intermediate.verify(root.certificate().getPublicKey());
        assertEquals(keys.getPublic(), intermediate.getPublicKey());
        assertEquals(0, intermediate.getBasicConstraints(), "CA:true pathLen:0");
        assertEquals(Set.of(Extension.basicConstraints.getId(), Extension.keyUsage.getId()),
                intermediate.getCriticalExtensionOIDs());
        assertEquals(Set.of(Extension.subjectKeyIdentifier.getId(), Extension.authorityKeyIdentifier.getId(),
                Extension.subjectAlternativeName.getId()), intermediate.getNonCriticalExtensionOIDs());
        boolean[] keyUsage = intermediate.getKeyUsage();
        for (int bit = 0; bit < keyUsage.length; bit++) {
            assertEquals(bit == 5 || bit == 6, keyUsage[bit], "key usage bit " + bit);
        }
        assertEquals(List.of(List.of(6, "spiffe://payments.example.org")),
                List.copyOf(intermediate.getSubjectAlternativeNames()));
        assertEquals("CN=east-1,O=payments.example.org", intermediate.getSubjectX500Principal().getName());
        assertEquals(root.certificate().getSubjectX500Principal(), intermediate.getIssuerX500Principal());
        assertArrayEquals(X509Support.subjectKeyId(keys.getPublic()).getKeyIdentifier(),
                SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(intermediate.getExtensionValue(
                        Extension.subjectKeyIdentifier.getId())).getOctets()).getKeyIdentifier());
        assertArrayEquals(X509Support.subjectKeyId(root.certificate().getPublicKey()).getKeyIdentifier(),
                AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(intermediate.getExtensionValue(
                        Extension.authorityKeyIdentifier.getId())).getOctets()).getKeyIdentifier());
        assertTrue(intermediate.getSerialNumber().signum() > 0 && intermediate.getSerialNumber().bitLength() >= 64);
        assertEquals("SHA256withECDSA", intermediate.getSigAlgName());
    }

    @Test
    void aCsrAskingForMoreGetsTheProfileNotItsAsks() throws Exception {
        KeyPair keys = TestPki.p256();
        ExtensionsGenerator asks = new ExtensionsGenerator();
        asks.addExtension(Extension.basicConstraints, true, new BasicConstraints(5));
        asks.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature
                | KeyUsage.keyEncipherment));
        asks.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://other.org"),
                new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://payments.example.org/ns/x/sa/admin"),
                new GeneralName(GeneralName.dNSName, "evil.example.com")}));
        // a 20-year lifetime, asked the only way X.509 lets a request name one: a private key usage period
        asks.addExtension(Extension.privateKeyUsagePeriod, false, new DERSequence(new DERTaggedObject(false, 1,
                new ASN1GeneralizedTime(Date.from(NOW.plus(Duration.ofDays(20 * 365)))))));
        String csr = Pem.encode(TestPki.csrObject(keys, "CN=root-of-everything,O=other.org", asks.generate()));

        X509Certificate intermediate = signer.sign(csr, root, DOMAIN, "east-1", NOW);

        assertIntermediateProfile(intermediate, keys);
        assertTrue(Duration.between(NOW, intermediate.getNotAfter().toInstant()).compareTo(Duration.ofDays(365)) <= 0);
    }

    @Test
    void aTamperedCsrIsRefused() throws Exception {
        KeyPair keys = TestPki.p256();
        byte[] der = TestPki.csrObject(keys, "CN=cluster-aaaa", null).getEncoded();
        String original = new String(der, StandardCharsets.ISO_8859_1);
        byte[] altered = original.replace("cluster-aaaa", "cluster-aaab").getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(Arrays.equals(der, altered));

        assertRefused("csr", "does not verify",
                () -> signer.sign(Pem.encode(new PKCS10CertificationRequest(altered)), root, DOMAIN, "east-1", NOW));
    }

    @Test
    void aCsrSignedByAnotherKeyThanItCarriesIsRefused() throws Exception {
        // the key of a victim's CSR, the signature of an attacker's: no proof of possession of the key it asks for
        CertificationRequest victim = TestPki.csrObject(TestPki.p256(), "CN=a", null).toASN1Structure();
        CertificationRequest attacker = TestPki.csrObject(TestPki.p256(), "CN=a", null).toASN1Structure();
        CertificationRequest swapped = new CertificationRequest(victim.getCertificationRequestInfo(),
                attacker.getSignatureAlgorithm(), attacker.getSignature());

        assertRefused("csr", "does not verify", () -> signer.sign(
                Pem.encode(new PKCS10CertificationRequest(swapped)), root, DOMAIN, "east-1", NOW));
    }

    @Test
    void lifetimeIsClippedToTheRoot() {
        RootCa shortRoot = roots.generate(DOMAIN, KeyAlgorithm.EC_P256, Duration.ofDays(40), NOW);
        Instant later = NOW.plus(Duration.ofDays(10));

        X509Certificate intermediate = signer.sign(TestPki.csr(TestPki.p256(), "CN=x"), shortRoot, DOMAIN, "c1", later);

        assertEquals(shortRoot.certificate().getNotAfter(), intermediate.getNotAfter());
        assertEquals(later.minus(RootCas.BACKDATE), intermediate.getNotBefore().toInstant());
        // never dated before the root itself
        X509Certificate fresh = signer.sign(TestPki.csr(TestPki.p256(), "CN=x"), shortRoot, DOMAIN, "c1", NOW);
        assertEquals(shortRoot.certificate().getNotBefore(), fresh.getNotBefore());
    }

    @Test
    void configuredLifetimeIsUsedAndAtMostAYear() {
        CsrSigner weekly = new CsrSigner(TestPki.RANDOM, Duration.ofDays(7));
        X509Certificate intermediate = weekly.sign(TestPki.csr(TestPki.p256(), "CN=x"), root, DOMAIN, "c1", NOW);
        assertEquals(NOW.plus(Duration.ofDays(7)), intermediate.getNotAfter().toInstant());

        assertThrows(IllegalArgumentException.class, () -> new CsrSigner(TestPki.RANDOM, Duration.ofDays(366)));
        assertThrows(IllegalArgumentException.class, () -> new CsrSigner(TestPki.RANDOM, Duration.ZERO));
    }

    @Test
    void refusesAnExpiredRootABadClusterNameAndWhatIsNotACsr() {
        String csr = TestPki.csr(TestPki.p256(), "CN=x");
        assertRefused("root", "expired", () -> signer.sign(csr, root, DOMAIN, "c1", NOW.plus(Duration.ofDays(3651))));
        assertRefused("cluster", "not a DNS label", () -> signer.sign(csr, root, DOMAIN, "East_1", NOW));
        assertRefused("csr", "exactly one PEM certificate signing request",
                () -> signer.sign(Pem.encode(root.certificate()), root, DOMAIN, "c1", NOW));
        assertRefused("csr", "is empty", () -> signer.sign("", root, DOMAIN, "c1", NOW));
        assertThrows(ValidationException.class, () -> signer.sign(csr + csr, root, DOMAIN, "c1", NOW));
    }
}
