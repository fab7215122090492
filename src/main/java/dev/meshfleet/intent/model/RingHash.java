package dev.meshfleet.intent.model;

/** Envoy's ring hash algorithm for consistent hashing, with the minimum number of virtual nodes on the ring. */
public record RingHash(Long minimumRingSize) {
}
