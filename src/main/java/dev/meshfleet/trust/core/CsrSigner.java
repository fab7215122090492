package dev.meshfleet.trust.core;

import dev.meshfleet.common.crypto.Pem;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ValidationException;

/**
 * Signs a cluster's intermediate CA from the CSR its agent made in the cluster (the key never leaves it). The CSR is
 * trusted for two things only: its public key, and its signature proving the agent holds the matching private key.
 * Its subject, requested extensions and SANs are ignored; the certificate gets this profile whatever it asked for:
 * CA:true pathLen:0 (critical), key usage keyCertSign + cRLSign (critical), SKI of its key, AKI of the root, one URI
 * SAN {@code spiffe://<trust domain>}, subject {@code O=<trust domain>, CN=<cluster>}, a random serial, and a lifetime of
 * at most a year that ends no later than the root.
 */
public final class CsrSigner {
    public static final Duration MAX_LIFETIME = Duration.ofDays(365);
    private static final JcaContentVerifierProviderBuilder VERIFIERS =
            new JcaContentVerifierProviderBuilder().setProvider(X509Support.PROVIDER);

    private final SecureRandom random;
    private final Duration lifetime;

    /** @param lifetime how long intermediates live (configuration); at most {@link #MAX_LIFETIME}. */
    public CsrSigner(SecureRandom random, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("intermediate lifetime must be positive and at most " + MAX_LIFETIME.toDays()
                    + " days, was " + lifetime);
        }
        this.random = random;
        this.lifetime = lifetime;
    }

    public X509Certificate sign(String csrPem, RootCa root, TrustDomain trustDomain, String cluster, Instant now) {
        if (!Checks.isDnsLabel(cluster)) {
            throw ValidationException.of("cluster", "cluster '" + cluster + "' is not a DNS label");
        }
        PKCS10CertificationRequest csr = Pem.csr("csr", csrPem);
        PublicKey key = provenKey(csr);
        X509Certificate rootCertificate = root.certificate();
        Instant rootNotAfter = rootCertificate.getNotAfter().toInstant();
        if (!now.isBefore(rootNotAfter)) {
            throw ValidationException.of("root", "the root expired at " + rootNotAfter + "; it can sign no intermediate");
        }
        Instant notBefore = latest(now.minus(RootCas.BACKDATE), rootCertificate.getNotBefore().toInstant());
        Instant notAfter = earliest(now.plus(lifetime), rootNotAfter);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, trustDomain.name())
                .addRDN(BCStyle.CN, cluster)
                .build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(rootCertificate,
                X509Support.randomSerial(random), Date.from(notBefore), Date.from(notAfter), subject, key);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, X509Support.caKeyUsage())
                    .addExtension(Extension.subjectKeyIdentifier, false, X509Support.subjectKeyId(key))
                    .addExtension(Extension.authorityKeyIdentifier, false, X509Support.authorityKeyId(rootCertificate))
                    .addExtension(Extension.subjectAlternativeName, false, X509Support.spiffeSan(trustDomain));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode an intermediate's extensions", e);
        }
        return X509Support.sign(builder, root.privateKey());
    }

    /** The CSR's key, once its signature shows the requester holds the private half, and if it is strong enough. */
    private static PublicKey provenKey(PKCS10CertificationRequest csr) {
        PublicKey key;
        try {
            key = Pem.publicKey(csr.getSubjectPublicKeyInfo());
        } catch (Exception e) {
            throw ValidationException.of("csr", "csr key must be a well-formed EC or RSA public key");
        }
        boolean signed;
        try {
            signed = csr.isSignatureValid(VERIFIERS.build(key));
        } catch (Exception e) {
            // an unknown or mismatched signature algorithm: the same answer as a bad signature, no parser detail
            signed = false;
        }
        if (!signed) {
            throw ValidationException.of("csr", "csr signature does not verify with its own public key (no proof of"
                    + " possession; the request was altered or is malformed)");
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            throw ValidationException.of("csr", "csr key is RSA " + rsa.getModulus().bitLength() + " bits; at least 2048");
        }
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() < 256) {
            throw ValidationException.of("csr", "csr key is on an EC curve under 256 bits");
        }
        return key;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
