package dev.meshfleet.common.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Values read with native queries, whose Java type depends on the driver and the Hibernate version. */
public final class SqlValues {
    private SqlValues() {
    }

    /** A timestamptz column as OffsetDateTime (UTC), or null. */
    public static OffsetDateTime offsetDateTime(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o;
        }
        if (value instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(ZoneOffset.UTC);
        }
        return null;
    }
}
