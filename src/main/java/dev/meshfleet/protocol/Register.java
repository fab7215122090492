package dev.meshfleet.protocol;

/** An agent's first call: the cluster's one-time bootstrap token, exchanged for its own credential. */
public record Register(String bootstrapToken, String agentVersion) {
}
