package dev.meshfleet.intent.model;

/** The cookie to hash on; Envoy creates it with this TTL when absent. */
public record HashCookie(String name, String path, String ttl) {
}
