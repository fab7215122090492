package dev.meshfleet.rollout;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the rollout engine. */
@ConfigMapping(prefix = "meshfleet.rollout")
public interface RolloutConfig {
    Engine engine();

    /** How often an idle engine looks for due timers. */
    @WithDefault("PT0.25S")
    Duration timerPoll();

    /** How often rollout event streams get a keep-alive comment (idle streams stay open; closed ones are dropped). */
    @WithDefault("PT15S")
    Duration eventsKeepAlive();

    /**
     * How often open rollout event streams check their caller's access again (token expiry, membership); a stream
     * whose access has ended gets an {@code access-ended} event and is closed.
     */
    @WithDefault("PT30S")
    Duration eventsAccessCheck();

    interface Engine {
        /** Whether this replica runs a rollout engine (consumer of meshfleet.rollout.commands, timer claims). */
        @WithDefault("true")
        boolean enabled();

        /** The consumer group all replicas' engines share. */
        @WithDefault("meshfleet-rollout-engine")
        String group();
    }
}
