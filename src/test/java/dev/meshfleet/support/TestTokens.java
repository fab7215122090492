package dev.meshfleet.support;

import java.time.Duration;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/**
 * Real RS256 tokens signed with the key of the OIDC issuer the tests start ({@code OidcWiremockTestResource}, whose
 * discovery, JWKS and issuer the server verifies tokens against). Nothing here bypasses token verification.
 */
public final class TestTokens {
    public static final String ISSUER = "https://server.example.com";

    private TestTokens() {
    }

    public static String user(String subject, String... groups) {
        return expiringIn(Duration.ofHours(1), subject, groups);
    }

    /** A token that stops being valid after {@code lifetime} (for what must end when a token expires). */
    public static String expiringIn(Duration lifetime, String subject, String... groups) {
        return Jwt.preferredUserName(subject)
                .subject(subject)
                .groups(Set.of(groups))
                .issuer(ISSUER)
                .audience(ISSUER)
                .expiresIn(lifetime)
                .jws().keyId("1")
                .sign("privateKey.jwk");
    }

    public static String platformAdmin() {
        return user("platform-root", "meshfleet-platform-admin");
    }
}
