package dev.meshfleet.common.web;

import dev.meshfleet.common.error.PreconditionFailedException;
import dev.meshfleet.common.error.PreconditionRequiredException;

/**
 * Optimistic concurrency with revision numbers as strong ETags ({@code "7"}). A change to an object that has a
 * revision needs If-Match (428 without it, 412 when it names another revision); {@code *} matches any revision.
 */
public final class ETags {
    private ETags() {
    }

    public static String of(int revision) {
        return "\"" + revision + "\"";
    }

    public static boolean matches(String header, Integer current) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (tag.equals("*")) {
                return current != null;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (current != null && tag.equals(of(current))) {
                return true;
            }
        }
        return false;
    }

    /** Checks If-Match against the current revision (null when there is none yet). */
    public static void checkIfMatch(String ifMatch, Integer current, String what) {
        if (current == null) {
            if (ifMatch != null && !ifMatch.isBlank()) {
                throw new PreconditionFailedException(what + " has no revision yet; send no If-Match for the first one");
            }
            return;
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException(what + " is at revision " + current
                    + "; send If-Match: " + of(current) + " (the ETag you read) to change it");
        }
        if (!matches(ifMatch, current)) {
            throw new PreconditionFailedException(what + " is at revision " + current + ", not " + ifMatch
                    + "; read it again and reapply your change");
        }
    }
}
