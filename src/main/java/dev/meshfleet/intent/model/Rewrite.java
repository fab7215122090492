package dev.meshfleet.intent.model;

/** Rewrite the URI or authority before forwarding. */
public record Rewrite(String uri, String authority) {
}
