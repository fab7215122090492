package dev.meshfleet.common.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that keeps at most so many entries, dropping the one least recently read or written. Not thread-safe. */
public final class LeastRecentlyUsed {
    private LeastRecentlyUsed() {
    }

    /** {@code property} names the setting the size came from, for the error when it is below 1. */
    public static <K, V> Map<K, V> map(int maxEntries, String property) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException(property + " must be at least 1");
        }
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }
}
