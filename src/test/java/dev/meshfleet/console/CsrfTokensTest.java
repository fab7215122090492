package dev.meshfleet.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsrfTokensTest {
    private static final String SECRET = "a-secret-of-at-least-thirty-two-characters";
    private final CsrfTokens tokens = new CsrfTokens(SECRET);

    @Test
    void aLoginsTokenMatchesOnlyThatLogin() {
        String token = tokens.tokenFor("https://idp", "alice", "sid=1");
        assertTrue(tokens.matches(token, "https://idp", "alice", "sid=1"));
        assertEquals(token, new CsrfTokens(SECRET).tokenFor("https://idp", "alice", "sid=1"), "any replica computes it");
        assertFalse(tokens.matches(token, "https://idp", "alice", "sid=2"), "another login of the same user");
        assertFalse(tokens.matches(token, "https://idp", "bob", "sid=1"), "another user");
        assertFalse(tokens.matches(token, "https://other-idp", "alice", "sid=1"), "another issuer");
        assertFalse(new CsrfTokens(SECRET + "x").matches(token, "https://idp", "alice", "sid=1"), "another secret");
        assertFalse(tokens.matches(null, "https://idp", "alice", "sid=1"));
        assertFalse(tokens.matches("", "https://idp", "alice", "sid=1"));
        assertFalse(tokens.matches(token.substring(1), "https://idp", "alice", "sid=1"));
    }

    @Test
    void fieldsCannotBeShiftedIntoOneAnother() {
        assertNotEquals(tokens.tokenFor("i", "ab", "c"), tokens.tokenFor("i", "a", "bc"));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CsrfTokens("short"));
        assertThrows(IllegalArgumentException.class, () -> new CsrfTokens(null));
    }

    @Test
    void consoleRequestsAreThoseWithTheCookieAndNoBearer() {
        assertTrue(ConsoleRequests.isSessionApiRequest("/api/v1/tenants", null, List.of("q_session_console")));
        assertTrue(ConsoleRequests.isSessionApiRequest("/api/v1/tenants", "", List.of("q_session_console_chunk_1")));
        assertFalse(ConsoleRequests.isSessionApiRequest("/api/v1/tenants", "Bearer x", List.of("q_session_console")));
        assertFalse(ConsoleRequests.isSessionApiRequest("/api/v1/tenants", null, List.of("other")));
        assertFalse(ConsoleRequests.isSessionApiRequest("/agent/v1/stream", null, List.of("q_session_console")));
        assertTrue(ConsoleRequests.isConsolePath("/console/fleet.html"));
        assertFalse(ConsoleRequests.isConsolePath("/consoles"));
        assertTrue(ConsoleRequests.changesState("post"));
        assertFalse(ConsoleRequests.changesState("GET"));
    }
}
