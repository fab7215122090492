/**
 * Trust federation's pure core (issue 12): the X.509 profile and key handling, plain Java on BouncyCastle and the JDK,
 * no framework types. {@link dev.meshfleet.trust.core.RootCas} generates and imports a trust domain's roots,
 * {@link dev.meshfleet.trust.core.CsrSigner} turns a cluster's CSR into its intermediate,
 * {@link dev.meshfleet.trust.core.CaCerts} lays out Istio's {@code cacerts} files, and
 * {@link dev.meshfleet.common.crypto.KeyWrap} seals private keys at rest under key-encryption keys with ids.
 */
package dev.meshfleet.trust.core;

