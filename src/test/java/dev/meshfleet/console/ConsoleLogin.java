package dev.meshfleet.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import dev.meshfleet.support.Browser;
import dev.meshfleet.support.KeycloakServer;

/** Logging in to the console through Keycloak's own login form, and calling the API from the logged-in page. */
final class ConsoleLogin {
    private ConsoleLogin() {
    }

    /** Opens {@code url} (a console page), logs in on Keycloak's form as {@code user}, and waits to be back. */
    static void logIn(WebDriver driver, String url, KeycloakServer.User user) {
        driver.get(url);
        Browser.awaitVisible(driver, By.id("username"));
        assertTrue(driver.getCurrentUrl().startsWith(KeycloakServer.issuer()), driver.getCurrentUrl());
        driver.findElement(By.id("username")).sendKeys(user.username);
        driver.findElement(By.id("password")).sendKeys(user.password());
        driver.findElement(By.id("kc-login")).click();
        Browser.await(driver, Duration.ofSeconds(20), d -> d.getCurrentUrl().contains("/console/"));
    }

    static Cookie sessionCookie(WebDriver driver) {
        return driver.manage().getCookies().stream().filter(c -> c.getName().startsWith("q_session_console"))
                .findFirst().orElseThrow(() -> new AssertionError("no console session cookie"));
    }

    /** The session cookie, in however many chunks Quarkus split it (name -> value), as a forger would copy it. */
    static Map<String, String> sessionCookies(WebDriver driver) {
        Map<String, String> cookies = new java.util.HashMap<>();
        driver.manage().getCookies().stream().filter(c -> c.getName().startsWith("q_session_console"))
                .forEach(c -> cookies.put(c.getName(), c.getValue()));
        return cookies;
    }

    /** fetch() from the page: {status, body}. Headers as given (the page's own CSRF token is not added). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fetch(WebDriver driver, String method, String path, Map<String, String> headers,
            String body) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const [method, path, headers, body, done] = arguments;
                fetch(path, {method, headers, body: body || undefined})
                  .then(async r => done({status: r.status, body: await r.text()}))
                  .catch(e => done({status: -1, body: String(e)}));
                """, method, path, headers, body);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> session(WebDriver driver, String tenant) {
        Map<String, Object> r = fetch(driver, "GET", "/console/session?tenant=" + tenant,
                Map.of("X-Requested-With", "JavaScript"), null);
        if (((Number) r.get("status")).intValue() != 200) {
            throw new AssertionError("GET /console/session: " + r);
        }
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("return JSON.parse(arguments[0])",
                r.get("body"));
    }
}
