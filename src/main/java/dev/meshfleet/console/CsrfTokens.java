package dev.meshfleet.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens bound to one console login: an HMAC over the user and the login session, keyed by a server secret. The
 * server keeps no token table (any replica can check one), a token of one login is worthless in another, and a page
 * can only learn it by reading a same-origin response ({@code GET /console/session}), which another site cannot.
 */
public final class CsrfTokens {
    private static final int MIN_SECRET_LENGTH = 32;
    private final byte[] key;

    public CsrfTokens(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("meshfleet.console.session-secret must be at least "
                    + MIN_SECRET_LENGTH + " characters");
        }
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The token of the login identified by its issuer, subject and session marker (sid, else auth_time, else iat). */
    public String tokenFor(String issuer, String subject, String session) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String bound = "meshfleet-console-csrf\n" + issuer + "\n" + subject + "\n" + session;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(bound.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Whether {@code offered} is this login's token; compared in constant time. */
    public boolean matches(String offered, String issuer, String subject, String session) {
        if (offered == null || offered.isEmpty()) {
            return false;
        }
        byte[] expected = tokenFor(issuer, subject, session).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, offered.getBytes(StandardCharsets.UTF_8));
    }
}
