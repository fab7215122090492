package dev.meshfleet.intent.model;

/** HTTP connection pool limits. */
public record HttpPool(Integer http1MaxPendingRequests, Integer http2MaxRequests, Integer maxRequestsPerConnection, Integer maxRetries, String idleTimeout, H2UpgradePolicy h2UpgradePolicy, Integer maxConcurrentStreams) {
}
