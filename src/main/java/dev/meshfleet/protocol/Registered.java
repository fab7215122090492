package dev.meshfleet.protocol;

/** The answer to {@link Register}: whose cluster the agent runs in, and its credential (shown once). */
public record Registered(String tenant, String cluster, String credential) {
}
