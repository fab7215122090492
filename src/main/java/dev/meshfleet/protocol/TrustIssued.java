package dev.meshfleet.protocol;

/**
 * The answer to {@link TrustCsr}: the intermediate ({@code ca-cert.pem}) and {@code cert-chain.pem} (intermediate, then
 * the root that issued it), issued by the root {@code issuerSha256}.
 */
public record TrustIssued(String caCertPem, String certChainPem, String issuerSha256, String notAfter) {
}
