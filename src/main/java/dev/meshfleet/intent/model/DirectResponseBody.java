package dev.meshfleet.intent.model;

/** A direct response's body: text, or base64-encoded bytes (at most one). */
public record DirectResponseBody(String string, String bytes) {
}
