package dev.meshfleet.common.web;

import dev.meshfleet.common.error.PreconditionFailedException;
import dev.meshfleet.common.error.PreconditionRequiredException;
import dev.meshfleet.common.error.ValidationException;

/**
 * Optimistic concurrency with revision numbers as strong ETags ({@code "7"}). A change to an object that has a
 * revision needs If-Match naming the revision it was based on: 428 without it, 412 when it names another revision.
 * Optimistic locking stays mandatory: {@code If-Match: *} ("any revision", RFC 9110) says nothing about what the caller
 * read, so it is refused like a missing header (428); a weak tag ({@code W/"3"}) is malformed here (400): the server
 * issues only strong tags, and If-Match uses strong comparison (RFC 9110 §13.1.1), so it could never match.
 */
public final class ETags {
    public static final String IF_MATCH = "If-Match";

    private ETags() {
    }

    public static String of(int revision) {
        return "\"" + revision + "\"";
    }

    /** If-None-Match (weak comparison, RFC 9110 §13.1.2): {@code *} or any tag naming the current revision. */
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
        boolean given = ifMatch != null && !ifMatch.isBlank();
        if (given) {
            checkSyntax(ifMatch, current);
        }
        if (current == null) {
            if (given) {
                throw new PreconditionFailedException(what + " has no revision yet; send no If-Match for the first one");
            }
            return;
        }
        if (!given) {
            throw new PreconditionRequiredException(what + " is at revision " + current
                    + "; send If-Match: " + of(current) + " (the ETag you read) to change it");
        }
        if (!strongMatch(ifMatch, current)) {
            throw new PreconditionFailedException(what + " is at revision " + current + ", not " + ifMatch
                    + "; read it again and reapply your change");
        }
    }

    private static void checkSyntax(String ifMatch, Integer current) {
        String example = current == null ? "\"3\"" : of(current);
        for (String part : ifMatch.split(",")) {
            String tag = part.trim();
            if (tag.equals("*")) {
                throw new PreconditionRequiredException("If-Match: * does not say which revision the change is based on, "
                        + "so it cannot protect against lost updates; send the ETag you read, e.g. If-Match: " + example,
                        IF_MATCH);
            }
            if (tag.startsWith("W/")) {
                throw ValidationException.of(IF_MATCH, "weak ETags are not accepted: If-Match uses strong comparison "
                        + "(RFC 9110 section 13.1.1); send the strong ETag, e.g. " + example);
            }
            if (tag.length() < 2 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
                throw ValidationException.of(IF_MATCH, "must be an ETag in double quotes, e.g. " + example);
            }
        }
    }

    private static boolean strongMatch(String header, int current) {
        for (String part : header.split(",")) {
            if (part.trim().equals(of(current))) {
                return true;
            }
        }
        return false;
    }
}
