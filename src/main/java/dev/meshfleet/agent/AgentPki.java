package dev.meshfleet.agent;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import dev.meshfleet.common.crypto.Pem;

/**
 * The X.509 work the agent does in its cluster: the intermediate's key and CSR (the key never leaves the cluster),
 * checks of what {@code cacerts} holds, and throw-away leaves checked against the live bundle as a peer would check
 * them. The agent may not use the server's trust core; the profile of what it signs here is a workload's, not a CA's.
 */
public final class AgentPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentPki() {
    }

    /** An intermediate and its key as Istio's plug-in CA files hold them ({@code ca-cert.pem}, {@code ca-key.pem}). */
    public record CaFiles(X509Certificate certificate, PrivateKey key) {
        /** Reads both from the files; a missing or unreadable one throws, naming the file only. */
        public static CaFiles of(java.util.Map<String, String> files) {
            return new CaFiles(Pem.certificates(TrustKeeper.CA_CERT, files.get(TrustKeeper.CA_CERT)).get(0),
                    Pem.privateKey(TrustKeeper.CA_KEY, files.get(TrustKeeper.CA_KEY)));
        }

        @Override
        public String toString() {
            return "CaFiles[" + certificate.getSubjectX500Principal().getName() + "]"; // never the key
        }
    }

    /** A new ECDSA P-256 key pair. */
    public static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make P-256 keys", e);
        }
    }

    /** A PKCS#10 request (PEM) for the cluster's intermediate: subject O=trust domain, CN=cluster; no extensions asked. */
    public static String csr(KeyPair keys, String cluster, String trustDomain) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, trustDomain)
                .addRDN(BCStyle.CN, cluster).build();
        return Pem.encode(new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic()).build(signer(keys.getPrivate())));
    }


    /** The first of the roots whose key verifies the certificate's signature. */
    public static Optional<X509Certificate> issuer(X509Certificate certificate, List<X509Certificate> roots) {
        for (X509Certificate root : roots) {
            try {
                certificate.verify(root.getPublicKey());
                return Optional.of(root);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this one
            }
        }
        return Optional.empty();
    }

    /**
     * An end-entity certificate under a CA: a workload's profile (SPIFFE URI SAN, serverAuth + clientAuth), or a
     * server's with DNS names, as istiod issues them.
     */
    public static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, PublicKey subjectKey, String spiffeId,
            List<String> dnsNames, Duration lifetime, Instant now) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, new BigInteger(127, RANDOM),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(lifetime)), new X500Name(""), subjectKey);
            List<GeneralName> names = new ArrayList<>();
            if (spiffeId != null) {
                names.add(new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId));
            }
            dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca))
                    // an empty subject makes the SAN the only name, and then it must be critical (RFC 5280 4.2.1.6)
                    .addExtension(Extension.subjectAlternativeName, true,
                            new GeneralNames(names.toArray(GeneralName[]::new)));
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(caKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a certificate under " + ca.getSubjectX500Principal().getName()
                    + ": " + AgentLog.describe(e), e);
        }
    }

    /**
     * Checks leaf -> intermediate -> one of the roots with the JDK's PKIX validator (no revocation: Istio has none):
     * empty when it verifies, else why not.
     */
    public static Optional<String> verify(X509Certificate leaf, X509Certificate intermediate, List<X509Certificate> roots,
            Instant at) {
        if (roots.isEmpty()) {
            return Optional.of("the bundle holds no root");
        }
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            roots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, intermediate)), parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(e.getReason() + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return Optional.of(AgentLog.describe(e));
        }
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(algorithm(key)).setProvider(Pem.PROVIDER).build(key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key", e);
        }
    }

    private static String algorithm(PrivateKey key) {
        return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    }
}
