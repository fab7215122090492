package dev.meshfleet.common.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long the records of messages are kept. */
@ConfigMapping(prefix = "meshfleet.messages")
public interface RetentionConfig {
    /** How long published outbox rows and consumers' records of handled messages are kept (above Kafka's retention). */
    @WithDefault("P14D")
    Duration retention();
}
