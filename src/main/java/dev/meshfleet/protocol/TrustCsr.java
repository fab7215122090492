package dev.meshfleet.protocol;

/**
 * {@code POST /agent/v1/trust/csr}: a PKCS#10 request for the cluster's intermediate, made in the cluster (the key never
 * leaves it). Only its public key and its proof of possession count; every requested extension is ignored.
 */
public record TrustCsr(String csr) {
}
