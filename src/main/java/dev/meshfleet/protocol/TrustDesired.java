package dev.meshfleet.protocol;

/**
 * What the cluster's {@code istio-system/cacerts} should hold ({@code GET /agent/v1/trust}; 204 when Meshfleet does not
 * manage the cluster's trust). The agent keeps an intermediate issued by the root {@code issuerSha256} (requesting a new
 * one with a CSR made in the cluster when it has none, or when {@code renewAt} of its lifetime has passed), and writes
 * {@code rootCertPem} byte for byte as {@code root-cert.pem}: it may hold several roots, even one twice, so that a new
 * layout is always byte-different and istiod reloads it.
 *
 * @param trustDomain   the SPIFFE trust domain
 * @param issuerSha256  SHA-256 (DER, hex) of the root that must have issued the cluster's intermediate
 * @param rootCertPem   the exact {@code root-cert.pem}
 * @param rootCertSha256 SHA-256 of {@code rootCertPem}'s UTF-8 bytes
 * @param renewAt       fraction (0..1) of the intermediate's lifetime after which the agent renews it
 * @param probeLeaves   true while a rotation verifies: the agent issues a throw-away leaf under its current and its
 *                      previous intermediate and reports whether each verifies against the live bundle
 */
public record TrustDesired(String trustDomain, String issuerSha256, String rootCertPem, String rootCertSha256,
        double renewAt, boolean probeLeaves) {
}
