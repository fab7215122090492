package dev.meshfleet.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-03T03:00:00Z");
    private final VerifiedTokens<String> tokens = new VerifiedTokens<>(Duration.ofSeconds(30), 100);

    @Test
    void aVerifiedTokenIsAnsweredFromTheCacheForItsTenantOnly() {
        tokens.put("Default", "t1", "alice", Optional.of(NOW.plusSeconds(3600)), Optional.empty(), NOW);
        assertEquals(Optional.of("alice"), tokens.get("Default", "t1", NOW.plusSeconds(1)));
        assertEquals(Optional.empty(), tokens.get("console", "t1", NOW.plusSeconds(1)));
        assertEquals(Optional.empty(), tokens.get("Default", "t2", NOW.plusSeconds(1)));
        assertEquals(1, tokens.hits());
    }

    @Test
    void theTokensExpiryEndsItsEntry() {
        tokens.put("Default", "t1", "alice", Optional.of(NOW.plusSeconds(5)), Optional.empty(), NOW);
        assertTrue(tokens.get("Default", "t1", NOW.plusMillis(4999)).isPresent());
        assertFalse(tokens.get("Default", "t1", NOW.plusSeconds(5)).isPresent(), "not at exp itself");
        assertEquals(0, tokens.size(), "an expired entry is dropped when found");
    }

    @Test
    void theMaximumAgeEndsAnEntryBeforeALongLivedTokenExpires() {
        tokens.put("Default", "t1", "alice", Optional.of(NOW.plusSeconds(3600)), Optional.empty(), NOW);
        assertTrue(tokens.get("Default", "t1", NOW.plusSeconds(29)).isPresent());
        assertFalse(tokens.get("Default", "t1", NOW.plusSeconds(30)).isPresent());
    }

    @Test
    void aConfiguredTokenAgeLimitEndsTheEntryToo() {
        tokens.put("Default", "t1", "alice", Optional.of(NOW.plusSeconds(3600)), Optional.of(NOW.plusSeconds(10)), NOW);
        assertTrue(tokens.get("Default", "t1", NOW.plusSeconds(9)).isPresent());
        assertFalse(tokens.get("Default", "t1", NOW.plusSeconds(10)).isPresent());
    }

    @Test
    void tokensWithoutExpiryOrAlreadyExpiredAreNotCached() {
        tokens.put("Default", "none", "alice", Optional.empty(), Optional.empty(), NOW);
        tokens.put("Default", "old", "alice", Optional.of(NOW), Optional.empty(), NOW);
        assertEquals(0, tokens.size());
    }

    @Test
    void theCacheStaysWithinItsSize() {
        for (int i = 0; i < 1000; i++) {
            tokens.put("Default", "t" + i, "u" + i, Optional.of(NOW.plusSeconds(3600)), Optional.empty(), NOW);
            assertTrue(tokens.size() <= 100, "size " + tokens.size());
        }
        assertTrue(tokens.get("Default", "t999", NOW).isPresent(), "the newest token is kept");
    }

    @Test
    void expiredEntriesMakeRoomFirst() {
        VerifiedTokens<String> small = new VerifiedTokens<>(Duration.ofSeconds(30), 3);
        small.put("Default", "short", "a", Optional.of(NOW.plusSeconds(1)), Optional.empty(), NOW);
        small.put("Default", "long1", "b", Optional.of(NOW.plusSeconds(3600)), Optional.empty(), NOW);
        small.put("Default", "long2", "c", Optional.of(NOW.plusSeconds(3600)), Optional.empty(), NOW);
        small.put("Default", "long3", "d", Optional.of(NOW.plusSeconds(3600)), Optional.empty(), NOW.plusSeconds(2));
        assertTrue(small.get("Default", "long1", NOW.plusSeconds(2)).isPresent());
        assertTrue(small.get("Default", "long2", NOW.plusSeconds(2)).isPresent());
        assertTrue(small.get("Default", "long3", NOW.plusSeconds(2)).isPresent());
    }

    @Test
    void aZeroMaximumAgeTurnsTheCacheOff() {
        VerifiedTokens<String> off = new VerifiedTokens<>(Duration.ZERO, 100);
        assertFalse(off.enabled());
        off.put("Default", "t1", "alice", Optional.of(NOW.plusSeconds(3600)), Optional.empty(), NOW);
        assertEquals(0, off.size());
    }
}
