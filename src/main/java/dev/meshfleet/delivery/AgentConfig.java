package dev.meshfleet.delivery;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
