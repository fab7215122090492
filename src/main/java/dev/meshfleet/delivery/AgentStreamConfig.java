package dev.meshfleet.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the agents' streams. Shares the {@code meshfleet.agent} prefix with {@code cluster.AgentConfig} (the
 * install manifest's settings): one prefix for everything about agents, each feature mapping what it reads.
 */
@ConfigMapping(prefix = "meshfleet.agent")
public interface AgentStreamConfig {
    /**
     * How often every agent stream gets a heartbeat, which also refreshes its cluster's last contact; a cluster not heard
     * from for three intervals shows as DISCONNECTED.
     */
    @WithDefault("PT15S")
    Duration heartbeatInterval();
}
