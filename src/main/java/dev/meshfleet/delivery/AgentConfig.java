package dev.meshfleet.delivery;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How agents are installed and how their streams are kept alive. */
@ConfigMapping(prefix = "meshfleet.agent")
public interface AgentConfig {
    /**
     * The URL agents dial (put into their install manifest); must be reachable from the clusters. When not set, the
     * URL the manifest was requested at (Host header, or X-Forwarded-* where Quarkus's proxy settings trust them).
     */
    Optional<String> serverUrl();

    /** The container image of the agent (the Meshfleet artifact; it runs with the 'agent' argument). */
    @WithDefault("ghcr.io/meshfleet/meshfleet:latest")
    String image();

    /**
     * How often every agent stream gets a heartbeat, which also refreshes its cluster's last contact; a cluster not heard
     * from for three intervals shows as DISCONNECTED.
     */
    @WithDefault("PT15S")
    Duration heartbeatInterval();
}
