package dev.meshfleet.trust.core;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A root CA: its self-signed certificate and private key. The key is held only to sign; {@link #toString()} names the
 * certificate and never the key (JDK RSA keys print their private exponent).
 */
public record RootCa(X509Certificate certificate, PrivateKey privateKey) {
    public RootCa {
        Objects.requireNonNull(certificate, "certificate");
        privateKey = X509Support.providerKey(Objects.requireNonNull(privateKey, "privateKey"));
    }

    @Override
    public String toString() {
        return "RootCa[subject=" + certificate.getSubjectX500Principal().getName() + ", serial="
                + certificate.getSerialNumber().toString(16) + ", notAfter=" + certificate.getNotAfter().toInstant()
                + ", key=" + privateKey.getAlgorithm() + " (hidden)]";
    }
}
