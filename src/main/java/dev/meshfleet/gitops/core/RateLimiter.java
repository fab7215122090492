package dev.meshfleet.gitops.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per key (a source): {@code burst} deliveries at once, refilled at {@code perMinute}. Checked before a
 * body is read, so a flood costs no reading, hashing or database work. Per replica: N replicas allow N times the rate,
 * which bounds the work each one does, the point of the limit.
 */
public final class RateLimiter<K> {
    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoClock;
    private final Map<K, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public RateLimiter(int perMinute, int burst, LongSupplier nanoClock) {
        this.capacity = Math.max(1, burst);
        this.tokensPerNano = Math.max(1, perMinute) / 60e9;
        this.nanoClock = nanoClock;
    }

    /** Takes one token; when none is left, how many seconds until one is (the Retry-After), else 0. */
    public long acquire(K key) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * tokensPerNano);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / tokensPerNano / 1e9));
        }
    }

    /** Drops buckets that are full again (idle sources), so the map does not grow with every source ever seen. */
    public void forgetIdle() {
        long now = nanoClock.getAsLong();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().at) * tokensPerNano >= capacity;
            }
        });
    }
}
