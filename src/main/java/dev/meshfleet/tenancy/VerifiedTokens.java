package dev.meshfleet.tenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bearer tokens that passed the full verification, with what it produced, until they may no longer be trusted without
 * verifying them again: the earliest of the token's own expiry, its maximum age where one is configured, and a short
 * maximum time in this cache (so that a key removed from the issuer's key set stops being honoured soon). Keyed by the
 * exact token text and the OIDC tenant that verified it; only a token that verified is ever put here. Bounded: when
 * full, expired entries go first, then arbitrary ones (a token evicted early is simply verified again). Pure: no
 * framework types, the caller passes the time.
 */
public final class VerifiedTokens<V> {
    private record Key(String tenant, String token) {
    }

    private record Entry<V>(V value, Instant until) {
    }

    private final Map<Key, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration maxAge;
    private final int maxEntries;
    private final AtomicLong hits = new AtomicLong();

    public VerifiedTokens(Duration maxAge, int maxEntries) {
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
    }

    /** Whether anything is cached at all (a zero maximum age or size turns the cache off). */
    public boolean enabled() {
        return !maxAge.isNegative() && !maxAge.isZero() && maxEntries > 0;
    }

    /** What the token verified to, if it did within its cache lifetime and that lifetime has not ended at {@code now}. */
    public Optional<V> get(String tenant, String token, Instant now) {
        Key key = new Key(tenant, token);
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!now.isBefore(entry.until())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        hits.incrementAndGet();
        return Optional.of(entry.value());
    }

    /**
     * Remembers a verified token. {@code expiry}: the token's {@code exp}; {@code ageLimit}: when it becomes too old
     * under a configured maximum token age, if one is. A token without an expiry is not cached.
     */
    public void put(String tenant, String token, V value, Optional<Instant> expiry, Optional<Instant> ageLimit,
            Instant now) {
        if (!enabled() || expiry.isEmpty()) {
            return;
        }
        Instant until = now.plus(maxAge);
        if (expiry.get().isBefore(until)) {
            until = expiry.get();
        }
        if (ageLimit.isPresent() && ageLimit.get().isBefore(until)) {
            until = ageLimit.get();
        }
        if (!now.isBefore(until)) {
            return;
        }
        if (entries.size() >= maxEntries) {
            makeRoom(now);
        }
        entries.put(new Key(tenant, token), new Entry<>(value, until));
    }

    public int size() {
        return entries.size();
    }

    /** Requests answered from the cache since start (tests and diagnostics). */
    public long hits() {
        return hits.get();
    }

    public void clear() {
        entries.clear();
    }

    private void makeRoom(Instant now) {
        entries.values().removeIf(e -> !now.isBefore(e.until()));
        Iterator<Key> keys = entries.keySet().iterator();
        // a tenth of the room at once, so that a full cache does not scan on every new token
        while (entries.size() >= maxEntries - maxEntries / 10 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
