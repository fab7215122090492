package dev.meshfleet.console.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.meshfleet.console.ConsoleConfig;
import dev.meshfleet.console.CsrfTokens;

/** The CSRF token of a console login (its ID token), from the configured secret. */
@ApplicationScoped
public class ConsoleCsrf {
    private final CsrfTokens tokens;
    private final String header;

    public ConsoleCsrf(ConsoleConfig config) {
        this.tokens = new CsrfTokens(config.sessionSecret());
        this.header = config.csrfHeader();
    }

    public String header() {
        return header;
    }

    public String tokenFor(JsonWebToken login) {
        return tokens.tokenFor(login.getIssuer(), login.getSubject(), sessionMarker(login));
    }

    public boolean matches(String offered, JsonWebToken login) {
        return tokens.matches(offered, login.getIssuer(), login.getSubject(), sessionMarker(login));
    }

    /**
     * What stays the same for one login while its tokens are refreshed: the IdP's session id, else the time the user
     * authenticated, else (an IdP that sends neither) the ID token's issue time.
     */
    private static String sessionMarker(JsonWebToken login) {
        for (String claim : new String[] { "sid", "auth_time", "iat" }) {
            Object value = login.getClaim(claim);
            if (value != null) {
                return claim + "=" + value;
            }
        }
        return "";
    }
}
