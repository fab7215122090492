package dev.meshfleet.intent.model;

/** Answer with a redirect instead of forwarding. */
public record Redirect(String uri, String authority, Integer redirectCode, String scheme) {
}
