package dev.meshfleet.common.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import dev.meshfleet.common.error.ValidationException;

/**
 * Opaque paging cursors. A cursor wraps the sort key of the last item seen (keyset paging), so pages stay stable while
 * rows are added; callers must treat it as opaque.
 */
public final class Cursor {
    private static final String PREFIX = "v1:";

    private Cursor() {
    }

    public static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<String> decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Optional.empty();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith(PREFIX)) {
                return Optional.of(raw.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // fall through: same answer as a cursor of the wrong shape
        }
        throw ValidationException.of("cursor", "not a cursor this service issued");
    }

    public static Optional<Long> decodeLong(String cursor) {
        return decode(cursor).map(key -> {
            try {
                return Long.parseLong(key);
            } catch (NumberFormatException e) {
                throw ValidationException.of("cursor", "not a cursor this service issued");
            }
        });
    }

    public static int limit(Integer requested) {
        return limit(requested, 500);
    }

    /** The page size asked for (50 when not), refused outside 1 to {@code max}. */
    public static int limit(Integer requested, int max) {
        if (requested == null) {
            return 50;
        }
        if (requested < 1 || requested > max) {
            throw ValidationException.of("limit", "must be between 1 and " + max);
        }
        return requested;
    }
}
