package dev.meshfleet.intent.model;

/** Either a simple algorithm or consistent hashing (session affinity). */
public record LoadBalancer(SimpleLoadBalancer simple, ConsistentHash consistentHash) {
}
