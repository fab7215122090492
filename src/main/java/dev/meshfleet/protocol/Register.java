package dev.meshfleet.protocol;

/**
 * An agent's first call: the cluster's one-time bootstrap token, exchanged for its own credential. The idempotency key
 * (optional; a random value the agent makes once and sends with every try) lets a registration whose answer was lost
 * be tried again with the same token until the agent's first stream opens.
 */
public record Register(String bootstrapToken, String agentVersion, String idempotencyKey) {
    public Register(String bootstrapToken, String agentVersion) {
        this(bootstrapToken, agentVersion, null);
    }
}
