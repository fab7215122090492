package dev.meshfleet.intent.model;

/** A traffic policy for one port of a service. */
public record PortTrafficPolicy(Integer port, LoadBalancer loadBalancer, ConnectionPool connectionPool, OutlierDetection outlierDetection, ClientTls tls) {
}
