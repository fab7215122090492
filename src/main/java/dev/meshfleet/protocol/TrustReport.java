package dev.meshfleet.protocol;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /agent/v1/trust/report}: what the agent sees of the cluster's trust, the evidence root rotations advance
 * on. Every hash is {@code Fingerprints}' SHA-256 hex; a null means not found or not readable ({@code error} says why).
 *
 * @param cacertsRootSha256          of {@code root-cert.pem} in {@code istio-system/cacerts}
 * @param cacertsIntermediateSha256  of the certificate in its {@code ca-cert.pem}
 * @param cacertsIssuerSha256        of the bundle root that issued that certificate (its signature verifies with it)
 * @param configMapRoots             per SHA-256 of {@code root-cert.pem} in an {@code istio-ca-root-cert} ConfigMap, how
 *                                   many namespaces have it (istiod writes these from the bundle it loaded)
 * @param istiodIntermediateSha256   of the CA certificate istiod presents on its CA port (what it signs with now)
 * @param leafChecks                 while probing ({@link TrustDesired#probeLeaves()}), one per intermediate probed
 * @param foreignOwner               set when {@code cacerts} belongs to someone else: who (the agent leaves it alone)
 * @param istioVersion               istiod's version
 * @param ambient                    whether ztunnel runs (ambient mode)
 * @param multiRootMesh              whether istiod runs with {@code ISTIO_MULTIROOT_MESH=true}
 * @param xdsAgent                   whether the mesh config sets {@code PROXY_CONFIG_XDS_AGENT=true} for proxies
 */
public record TrustReport(String cacertsRootSha256, String cacertsIntermediateSha256, String cacertsIssuerSha256,
        Map<String, Integer> configMapRoots, String istiodIntermediateSha256, List<LeafCheck> leafChecks,
        String foreignOwner, String istioVersion, Boolean ambient, Boolean multiRootMesh, Boolean xdsAgent,
        String error) {

    /**
     * A throw-away leaf issued in the cluster under one intermediate, checked against the live bundle (the
     * {@code istio-ca-root-cert} ConfigMap's roots) like a peer would: verified, or the reason it did not.
     */
    public record LeafCheck(String intermediateSha256, String issuerSha256, boolean verified, String error) {
    }
}
