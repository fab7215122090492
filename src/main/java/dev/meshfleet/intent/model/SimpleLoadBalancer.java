package dev.meshfleet.intent.model;

/** Simple load-balancing algorithms. */
public enum SimpleLoadBalancer {
    ROUND_ROBIN, LEAST_CONN, LEAST_REQUEST, RANDOM, PASSTHROUGH
}
