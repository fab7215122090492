package dev.meshfleet.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the web console (its OIDC client is the {@code quarkus.oidc.console} tenant). */
@ConfigMapping(prefix = "meshfleet.console")
public interface ConsoleConfig {
    /**
     * Secret (at least 32 characters, the same on every replica) keying the console's CSRF tokens; the session cookie
     * and PKCE state are encrypted with it too (see application.properties). Required when the console is used.
     */
    String sessionSecret();

    /** Name of the header the console's pages send their CSRF token in, on every state-changing request. */
    @WithDefault("X-CSRF-Token")
    String csrfHeader();
}
