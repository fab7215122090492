package dev.meshfleet.console;

import static dev.meshfleet.console.ConsoleLogin.fetch;
import static dev.meshfleet.console.ConsoleLogin.logIn;
import static dev.meshfleet.console.ConsoleLogin.session;
import static dev.meshfleet.console.ConsoleLogin.sessionCookie;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.remote.RemoteWebDriver;

import dev.meshfleet.support.Api;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.Browser;
import dev.meshfleet.support.KeycloakServer;
import dev.meshfleet.support.KeycloakServer.User;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Logging in to the console at a real Keycloak (authorization code + PKCE), its session cookie, the API called with the
 * session, CSRF and role checks on forged requests, RP-initiated logout, and a session that ends at the IdP.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class ConsoleLoginTest {
    private static final Map<String, String> JS = Map.of("X-Requested-With", "JavaScript");

    @TestHTTPResource("/console/")
    URL console;

    String tenant;

    @BeforeEach
    void tenant() {
        tenant = Api.tenantWithAdmin(User.ALICE.subject);
        Api.addMember(tenant, User.VICTOR.subject, "viewer");
        Api.addMember(tenant, User.EVE.subject, "viewer");
    }

    private String clusters() {
        return "/api/v1/tenants/" + tenant + "/clusters";
    }

    private static String cluster(String name) {
        return "{\"name\":\"" + name + "\",\"labels\":{\"env\":\"test\"}}";
    }

    @Test
    void logsInWithCodeFlowAndPkceAndCallsTheApiWithTheSession() {
        RemoteWebDriver driver = Browser.open();
        try {
            driver.get(console + "?tenant=" + tenant);
            Browser.awaitVisible(driver, By.id("username"));
            String authorize = driver.getCurrentUrl();
            assertTrue(authorize.startsWith(KeycloakServer.issuer() + "/protocol/openid-connect/auth"), authorize);
            assertTrue(authorize.contains("code_challenge_method=S256") && authorize.contains("code_challenge="), authorize);
            assertTrue(authorize.contains("response_type=code"), authorize);

            logIn(driver, console + "?tenant=" + tenant, User.ALICE);
            Cookie cookie = sessionCookie(driver);
            assertTrue(cookie.isHttpOnly(), "the session cookie is HttpOnly");
            assertEquals("Lax", cookie.getSameSite());
            assertEquals("/", cookie.getPath());

            Map<String, Object> session = session(driver, tenant);
            assertEquals(User.ALICE.subject, session.get("subject"));
            assertEquals("alice", session.get("name"));
            assertEquals("admin", session.get("role"));
            String csrf = (String) session.get("csrfToken");
            assertFalse(csrf.isBlank());

            Map<String, Object> refused = fetch(driver, "POST", clusters(),
                    Map.of("Content-Type", "application/json"), cluster("no-token"));
            assertEquals(403L, ((Number) refused.get("status")).longValue(), refused.toString());
            assertTrue(refused.get("body").toString().contains("CSRF"), refused.toString());

            Map<String, Object> created = fetch(driver, "POST", clusters(),
                    Map.of("Content-Type", "application/json", "X-CSRF-Token", csrf), cluster("from-console"));
            assertEquals(201L, ((Number) created.get("status")).longValue(), created.toString());
            Map<String, Object> listed = fetch(driver, "GET", clusters(), JS, null);
            assertTrue(listed.get("body").toString().contains("from-console"), listed.toString());

            // the audit log records the console as the source of the change, and the user as its actor
            Api.as(TestTokens.platformAdmin()).get("/api/v1/tenants/" + tenant + "/audit?objectType=cluster")
                    .then().statusCode(200)
                    .body("items.find { it.objectName == 'from-console' }.source", org.hamcrest.Matchers.equalTo("console"))
                    .body("items.find { it.objectName == 'from-console' }.actor", org.hamcrest.Matchers.equalTo(User.ALICE.subject));
        } finally {
            driver.quit();
        }
    }

    @Test
    void forgedRequestsCarryingTheSessionCookieAreRefused() {
        RemoteWebDriver driver = Browser.open();
        try {
            logIn(driver, console + "?tenant=" + tenant, User.ALICE);
            Map<String, String> cookie = ConsoleLogin.sessionCookies(driver);
            String csrf = (String) session(driver, tenant).get("csrfToken");
            // what another site could make a browser send: the cookie, but no token, a wrong one, or another origin
            given().cookies(cookie).contentType(ContentType.JSON).body(cluster("forged-1"))
                    .post(clusters()).then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString("CSRF"));
            given().cookies(cookie).header("X-CSRF-Token", csrf + "x")
                    .contentType(ContentType.JSON).body(cluster("forged-2")).post(clusters()).then().statusCode(403);
            given().cookies(cookie).header("X-CSRF-Token", csrf)
                    .header("Origin", "https://evil.example").contentType(ContentType.JSON).body(cluster("forged-3"))
                    .post(clusters()).then().statusCode(403).body("detail", containsString("origin"));
            // a token of this login from the page itself, same origin: accepted
            given().cookies(cookie).header("X-CSRF-Token", csrf)
                    .contentType(ContentType.JSON).body(cluster("genuine")).post(clusters()).then().statusCode(201);
            Api.as(TestTokens.platformAdmin()).get(clusters()).then().statusCode(200)
                    .body("items.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(
                            org.hamcrest.Matchers.startsWith("forged"))));
        } finally {
            driver.quit();
        }
    }

    @Test
    void aViewersSessionIsRefusedChangesEvenWithItsToken() {
        RemoteWebDriver driver = Browser.open();
        try {
            logIn(driver, console + "?tenant=" + tenant, User.VICTOR);
            Map<String, Object> session = session(driver, tenant);
            assertEquals("viewer", session.get("role"));
            Map<String, Object> refused = fetch(driver, "POST", clusters(),
                    Map.of("Content-Type", "application/json", "X-CSRF-Token", (String) session.get("csrfToken")),
                    cluster("by-viewer"));
            assertEquals(403L, ((Number) refused.get("status")).longValue(), refused.toString());
            assertTrue(refused.get("body").toString().contains("admin role"), refused.toString());
            // another tenant is as missing to the console's session as to the API: 404, not 403
            String other = Api.tenantWithAdmin(User.ALICE.subject);
            Map<String, Object> hidden = fetch(driver, "GET", "/console/session?tenant=" + other, JS, null);
            assertEquals(404L, ((Number) hidden.get("status")).longValue(), hidden.toString());
            assertEquals(404L, ((Number) fetch(driver, "GET", "/api/v1/tenants/" + other + "/clusters", JS, null)
                    .get("status")).longValue());
        } finally {
            driver.quit();
        }
    }

    @Test
    void logoutEndsTheSessionHereAndAtTheIdentityProvider() {
        RemoteWebDriver driver = Browser.open();
        try {
            logIn(driver, console + "?tenant=" + tenant, User.ALICE);
            driver.get(console + "logout");
            Browser.awaitVisible(driver, By.id("signed-out"));
            assertTrue(driver.manage().getCookies().stream().noneMatch(c -> c.getName().startsWith("q_session_console")),
                    "the session cookie is gone");
            Map<String, Object> api = fetch(driver, "GET", clusters(), JS, null);
            assertEquals(401L, ((Number) api.get("status")).longValue(), api.toString());
            // Keycloak's SSO session ended too: the console asks for the password again instead of logging straight in
            driver.get(console + "?tenant=" + tenant);
            Browser.awaitVisible(driver, By.id("username"));
        } finally {
            driver.quit();
        }
    }

    @Test
    void theSessionEndsOnceTheIdentityProvidersSessionIsGone() {
        RemoteWebDriver driver = Browser.open();
        try {
            logIn(driver, console + "?tenant=" + tenant, User.EVE);
            assertEquals(200L, ((Number) fetch(driver, "GET", clusters(), JS, null).get("status")).longValue());
            KeycloakServer.endSessions(User.EVE);
            // the ID token (30 s in the test realm) expires, the refresh is refused, and the session is over
            Await.until("the console session to end", Duration.ofSeconds(90),
                    () -> ((Number) fetch(driver, "GET", clusters(), JS, null).get("status")).longValue() == 401);
            driver.get(console + "?tenant=" + tenant);
            Browser.awaitVisible(driver, By.id("username"));
        } finally {
            driver.quit();
        }
    }
}
