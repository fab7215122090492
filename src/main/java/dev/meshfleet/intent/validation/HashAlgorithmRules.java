package dev.meshfleet.intent.validation;

import dev.meshfleet.intent.model.ConsistentHash;

/**
 * The hash algorithm of consistent hashing: ring hash (optionally sized) or Maglev, not both, and not the deprecated
 * top-level minimumRingSize together with either; ring sizes up to Envoy's 8388608. Maglev's table size must be a prime (Envoy refuses others) of at
 * most 5000011, Envoy's limit.
 */
final class HashAlgorithmRules {
    static final long MAX_MAGLEV_TABLE_SIZE = 5_000_011L;
    /** Envoy's bound on RingHashLbConfig.minimum_ring_size (and its default maximum ring size). */
    static final long MAX_RING_SIZE = 8_388_608L;

    private HashAlgorithmRules() {
    }

    static void check(PathChecks checks, ConsistentHash h, String p) {
        if (h.ringHash() != null && h.maglev() != null) {
            checks.error(p + ".maglev", "give ringHash or maglev, not both");
        }
        if (h.minimumRingSize() != null) {
            checks.range(h.minimumRingSize(), 1, MAX_RING_SIZE, p + ".minimumRingSize");
            if (h.ringHash() != null || h.maglev() != null) {
                checks.error(p + ".minimumRingSize", "is the deprecated form of ringHash.minimumRingSize: give it there"
                        + (h.maglev() != null ? " (Maglev has no ring)" : ""));
            }
        }
        if (h.ringHash() != null) {
            checks.range(h.ringHash().minimumRingSize(), 1, MAX_RING_SIZE, p + ".ringHash.minimumRingSize");
        }
        if (h.maglev() != null && h.maglev().tableSize() != null) {
            long size = h.maglev().tableSize();
            if (size < 2 || size > MAX_MAGLEV_TABLE_SIZE || !prime(size)) {
                checks.error(p + ".maglev.tableSize", "must be a prime number of at most " + MAX_MAGLEV_TABLE_SIZE
                        + " (Envoy's default is 65537)");
            }
        }
    }

    private static boolean prime(long n) {
        if (n % 2 == 0) {
            return n == 2;
        }
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
