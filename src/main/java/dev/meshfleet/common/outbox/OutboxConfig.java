package dev.meshfleet.common.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the outbox relay moves committed messages to Kafka. */
@ConfigMapping(prefix = "meshfleet.outbox")
public interface OutboxConfig {
    /** How often a relay looks for messages it was not woken for (another replica's, or a failed publish's). */
    @WithDefault("PT0.2S")
    Duration pollInterval();

    /** How long a relay holds the keys it claimed; a dead relay's keys are taken over when this runs out. */
    @WithDefault("PT60S")
    Duration lease();

    /** How long a relay waits for the broker to acknowledge a pass before it gives the keys back. */
    @WithDefault("PT30S")
    Duration ackTimeout();
}
