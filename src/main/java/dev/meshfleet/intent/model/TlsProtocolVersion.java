package dev.meshfleet.intent.model;

/** TLS protocol versions. */
public enum TlsProtocolVersion {
    TLS_AUTO, TLSV1_0, TLSV1_1, TLSV1_2, TLSV1_3
}
