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
     * How often every agent stream gets a heartbeat; an agent that hears nothing for two intervals takes its server for
     * dead and reconnects (through the load balancer, to a live replica).
     */
    @WithDefault("PT5S")
    Duration heartbeatInterval();

    /** How often an agent with an open stream tells the server it is alive (told to the agent when its stream opens). */
    @WithDefault("PT10S")
    Duration contactInterval();

    /**
     * A cluster not heard from for this long (no alive call, stream opening or report reached any replica) is
     * DISCONNECTED, whichever replica answers. At least twice the contact interval.
     */
    @WithDefault("PT30S")
    Duration disconnectedAfter();

    /**
     * A stream older than this is ended by the server (each stream's age jittered down by up to a tenth) and the agent
     * reconnects at once through the load balancer: like istiod's maxServerConnectionAge, this spreads agents back
     * over a replica that restarted.
     */
    @WithDefault("PT30M")
    Duration maxStreamAge();
}
