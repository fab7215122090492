package dev.meshfleet.intent.model;

/** Envoy's Maglev algorithm for consistent hashing, with its lookup table size (a prime). */
public record Maglev(Long tableSize) {
}
