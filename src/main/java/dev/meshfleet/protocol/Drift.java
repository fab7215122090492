package dev.meshfleet.protocol;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A change someone else made to a managed resource: which fields ({@code (deleted)} when the resource was removed),
 * by which field manager, when, and whether the agent put it back.
 */
public record Drift(String apiVersion, String kind, String namespace, String name, List<String> fields,
        String manager, OffsetDateTime at, boolean corrected) {
}
