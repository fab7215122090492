package dev.meshfleet.trust.core;

import dev.meshfleet.common.crypto.Pem;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

import dev.meshfleet.common.error.ValidationException;

/**
 * Root CAs of a trust domain, generated or imported. The generated profile follows SPIFFE X509-SVID for signing
 * certificates: basicConstraints CA:true (critical), key usage keyCertSign + cRLSign (critical), one URI SAN
 * {@code spiffe://<trust domain>}, SKI (and AKI, the same: RFC 5280 strict checkers such as {@code openssl verify
 * -x509_strict} expect it), a random positive serial of at least 64 bits.
 */
public final class RootCas {
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(3650);
    /** Certificates are dated a little before "now" so a cluster whose clock lags does not see them as not yet valid. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final int KEY_CERT_SIGN = 5;

    private final SecureRandom random;

    public RootCas(SecureRandom random) {
        this.random = random;
    }

    public RootCa generate(TrustDomain trustDomain, KeyAlgorithm algorithm, Duration lifetime, Instant now) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw ValidationException.of("lifetime", "a root's lifetime must be positive");
        }
        KeyPair keys = algorithm.generate(random);
        SubjectKeyIdentifier keyId = X509Support.subjectKeyId(keys.getPublic());
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, trustDomain.name())
                // roots of one trust domain coexist during a rotation; distinct names keep them apart for people and tools
                .addRDN(BCStyle.CN, "Meshfleet root CA " + HexFormat.of().formatHex(keyId.getKeyIdentifier(), 0, 4))
                .build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, X509Support.randomSerial(random),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(lifetime)), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, X509Support.caKeyUsage())
                    .addExtension(Extension.subjectKeyIdentifier, false, keyId)
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new AuthorityKeyIdentifier(keyId.getKeyIdentifier()))
                    .addExtension(Extension.subjectAlternativeName, false, X509Support.spiffeSan(trustDomain));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode a root's extensions", e);
        }
        return new RootCa(X509Support.sign(builder, keys.getPrivate()), keys.getPrivate());
    }

    /** What an import found: the root, how long it has left, and what is unusual but not wrong. */
    public record ImportedRoot(RootCa root, Duration remainingLifetime, List<String> warnings) {
        public ImportedRoot {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Checks an operator's root (PEM certificate and PEM private key) before it is trusted: one certificate, a CA,
     * allowed to sign certificates, valid now, and the key is the certificate's. Each refusal names what is wrong.
     */
    public ImportedRoot importRoot(TrustDomain trustDomain, String certificatePem, String privateKeyPem, Instant now) {
        List<X509Certificate> certificates = Pem.certificates("certificate", certificatePem);
        if (certificates.size() != 1) {
            throw ValidationException.of("certificate", "certificate must hold exactly one root certificate, found "
                    + certificates.size());
        }
        X509Certificate certificate = certificates.get(0);
        if (certificate.getBasicConstraints() < 0) {
            throw ValidationException.of("certificate", "certificate is not a CA certificate (basicConstraints CA:true"
                    + " is missing)");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[KEY_CERT_SIGN]) {
            throw ValidationException.of("certificate", "certificate's key usage does not allow keyCertSign");
        }
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            throw ValidationException.of("certificate", "certificate is not valid yet (notBefore " + notBefore + ")");
        }
        if (!now.isBefore(notAfter)) {
            throw ValidationException.of("certificate", "certificate expired at " + notAfter);
        }
        PrivateKey key = Pem.privateKey("privateKey", privateKeyPem);
        if (!dev.meshfleet.common.crypto.KeyChecks.matches(certificate, key)) {
            throw ValidationException.of("privateKey", "privateKey does not belong to the certificate (its "
                    + key.getAlgorithm() + " key does not match the certificate's public key)");
        }
        Duration remaining = Duration.between(now, notAfter);
        List<String> warnings = new ArrayList<>();
        if (!hasUriSan(certificate, trustDomain.spiffeId())) {
            warnings.add("certificate has no URI SAN " + trustDomain.spiffeId() + " (the SPIFFE profile for CA certificates)");
        }
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            warnings.add("certificate is not self-signed; clusters will trust it as an anchor without its issuer");
        }
        if (remaining.compareTo(CsrSigner.MAX_LIFETIME) < 0) {
            warnings.add("certificate expires in " + remaining.toDays() + " days; intermediates it signs end with it");
        }
        return new ImportedRoot(new RootCa(certificate, key), remaining, warnings);
    }


    static boolean hasUriSan(X509Certificate certificate, String uri) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names != null && names.stream()
                    .anyMatch(name -> Integer.valueOf(GeneralName.uniformResourceIdentifier).equals(name.get(0))
                            && uri.equals(name.get(1)));
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
