package dev.meshfleet.intent.model;

/** TCP connection pool limits. */
public record TcpPool(Integer maxConnections, String connectTimeout, String maxConnectionDuration) {
}
