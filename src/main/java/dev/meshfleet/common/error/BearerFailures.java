package dev.meshfleet.common.error;

import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Why a bearer token was refused, in words a caller can act on. Says which check failed (none sent, expired, signature,
 * issuer or audience, malformed), never what the verifier is or how it is configured.
 */
public final class BearerFailures {
    private BearerFailures() {
    }

    /** The RFC 6750 error code and the human reason for a refused request. */
    public record Reason(String error, String detail) {
    }

    public static Reason of(String authorization, Throwable failure) {
        if (authorization == null || authorization.isBlank()) {
            return new Reason(null, "no bearer token: send Authorization: Bearer <token>");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Reason("invalid_request", "the Authorization header must use the Bearer scheme");
        }
        String token = authorization.substring(7).trim();
        if (!token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*")) {
            return invalid("the bearer token is malformed (not a signed JWT)");
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidJwtException jwt) {
                if (jwt.hasExpired()) {
                    return invalid("the bearer token has expired; get a new one");
                }
                if (jwt.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || jwt.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)
                       ) {
                    return invalid("the bearer token's signature is not valid for this service's identity provider");
                }
                if (jwt.hasErrorCode(ErrorCodes.ISSUER_INVALID) || jwt.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return invalid("the bearer token was issued by another identity provider");
                }
                if (jwt.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || jwt.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return invalid("the bearer token is meant for another audience");
                }
                if (jwt.hasErrorCode(ErrorCodes.NOT_YET_VALID) || jwt.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
                    return invalid("the bearer token is not valid yet");
                }
                if (jwt.hasErrorCode(ErrorCodes.MALFORMED_CLAIM) || jwt.hasErrorCode(ErrorCodes.JSON_INVALID)) {
                    return invalid("the bearer token is malformed");
                }
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (message.contains("expired") || message.contains("expiration time")) {
                return invalid("the bearer token has expired; get a new one");
            }
            if (message.contains("signature") || message.contains("verification key")) {
                return invalid("the bearer token's signature is not valid for this service's identity provider");
            }
        }
        if (expired(token)) {
            return invalid("the bearer token has expired; get a new one");
        }
        return invalid("the bearer token is not valid (malformed, unsigned or not issued for this service)");
    }

    /** Reads the (unverified) exp claim only to word the refusal; the token was refused by the verifier already. */
    private static boolean expired(String token) {
        try {
            String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Matcher exp = java.util.regex.Pattern.compile("\"exp\"\\s*:\\s*(\\d+)").matcher(payload);
            return exp.find() && Long.parseLong(exp.group(1)) < java.time.Instant.now().getEpochSecond();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Reason invalid(String detail) {
        return new Reason("invalid_token", detail);
    }

    /** The WWW-Authenticate challenge of RFC 6750 for this reason. */
    public static String challenge(Reason reason) {
        if (reason.error() == null) {
            return "Bearer";
        }
        return "Bearer error=\"" + reason.error() + "\", error_description=\"" + reason.detail().replace("\"", "'") + "\"";
    }
}
