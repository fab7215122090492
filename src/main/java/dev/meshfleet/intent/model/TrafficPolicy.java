package dev.meshfleet.intent.model;

import java.util.List;

/** How traffic is sent to a service or version: load balancing, connection pools, outlier detection, client TLS, per-port overrides. */
public record TrafficPolicy(LoadBalancer loadBalancer, ConnectionPool connectionPool, OutlierDetection outlierDetection, ClientTls tls, List<PortTrafficPolicy> portLevelSettings) {
}
