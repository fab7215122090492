package dev.meshfleet.intent.model;

/** Client-side TLS modes. */
public enum ClientTlsMode {
    DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL
}
