package dev.meshfleet.intent.model;

/** The mTLS mode of one namespace. */
public record NamespaceMtls(String namespace, MtlsMode mode) {
}
