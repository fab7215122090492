package dev.meshfleet.intent.model;

/** A header a JWT is read from, with the prefix (e.g. "Bearer ") stripped before decoding. */
public record JwtHeader(String name, String prefix) {
}
