package dev.meshfleet.console;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * Which requests the console's login session authenticates. The console's pages call the same REST API as every other
 * client, carrying the session cookie instead of a bearer token; a request that brings a bearer token is always a
 * bearer request, so API clients see exactly the API they always had.
 */
public final class ConsoleRequests {
    /** The OIDC tenant of the console's authorization-code login. */
    public static final String OIDC_TENANT = "console";
    /** Quarkus names a tenant's session cookie {@code q_session_<tenant>} (chunked ones get a suffix). */
    public static final String SESSION_COOKIE = "q_session_" + OIDC_TENANT;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private ConsoleRequests() {
    }

    /** The console's own paths: its pages, assets, session endpoint, login callback and logout. */
    public static boolean isConsolePath(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }

    /** An API request the console session authenticates: no Authorization header, and the session cookie present. */
    public static boolean isSessionApiRequest(String path, String authorization, Collection<String> cookieNames) {
        return path.startsWith("/api/") && (authorization == null || authorization.isBlank())
                && cookieNames.stream().anyMatch(name -> name.startsWith(SESSION_COOKIE));
    }

    /** Whether a request may change state and so must carry the CSRF token. */
    public static boolean changesState(String method) {
        return !SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT));
    }
}
