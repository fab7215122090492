package dev.meshfleet.intent.model;

/** Gateway TLS modes. */
public enum ServerTlsMode {
    PASSTHROUGH, SIMPLE, MUTUAL, AUTO_PASSTHROUGH, ISTIO_MUTUAL, OPTIONAL_MUTUAL
}
