package dev.meshfleet.common.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits Meshfleet checks at the HTTP edge, before any resource runs. */
@ConfigMapping(prefix = "meshfleet.http")
public interface HttpConfig {
    /** Longest request URI (path and query) accepted; longer ones get a 414 problem. */
    @WithDefault("4096")
    int maxUriLength();

    /** How long a request head (request line and headers) may take from its first byte; the connection is closed beyond. */
    @WithDefault("PT10S")
    java.time.Duration headerTimeout();
}
