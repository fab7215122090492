package dev.meshfleet.protocol;

/** The agent's new credential (shown once); the old one stopped working. */
public record Rotated(String credential) {
}
