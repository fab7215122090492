package dev.meshfleet.trust.core;

import dev.meshfleet.common.crypto.Pem;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cluster's {@code istio-system/cacerts} Secret holds besides its key (the agent adds {@code ca-key.pem}, which
 * never leaves the cluster): Istio's plug-in CA layout.
 *
 * @param caCertPem    {@code ca-cert.pem}: the cluster's intermediate
 * @param rootCertPem  {@code root-cert.pem}: the trust bundle, one or more roots; during a rotation it holds old and new,
 *                     and may repeat a root to make the bytes differ so istiod reloads
 * @param certChainPem {@code cert-chain.pem}: the intermediate followed by the root that signed it
 */
public record CaCerts(String caCertPem, String rootCertPem, String certChainPem) {
    public static final String CA_CERT = "ca-cert.pem";
    public static final String ROOT_CERT = "root-cert.pem";
    public static final String CERT_CHAIN = "cert-chain.pem";

    /**
     * Builds the files for an intermediate signed by {@code issuingRoot}; refuses a bundle that lacks that root (the
     * cluster could not verify its own workloads' chains) or an intermediate the root did not sign.
     */
    public static CaCerts of(X509Certificate intermediate, X509Certificate issuingRoot, List<X509Certificate> bundle) {
        if (bundle.isEmpty() || !bundle.contains(issuingRoot)) {
            throw new IllegalArgumentException("the trust bundle must contain the root that signed the intermediate ("
                    + issuingRoot.getSubjectX500Principal().getName() + ")");
        }
        try {
            intermediate.verify(issuingRoot.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the intermediate " + intermediate.getSubjectX500Principal().getName()
                    + " was not signed by the root " + issuingRoot.getSubjectX500Principal().getName());
        }
        return new CaCerts(Pem.encode(intermediate), Pem.encodeAll(bundle),
                Pem.encodeAll(List.of(intermediate, issuingRoot)));
    }

    /** File name to content, in the order Istio documents them. */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(CA_CERT, caCertPem);
        files.put(ROOT_CERT, rootCertPem);
        files.put(CERT_CHAIN, certChainPem);
        return files;
    }
}
