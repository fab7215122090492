package dev.meshfleet.console;

import static dev.meshfleet.console.ConsoleLogin.fetch;
import static dev.meshfleet.console.ConsoleLogin.logIn;
import static dev.meshfleet.console.ConsoleLogin.session;
import static dev.meshfleet.console.ConsolePages.awaitText;
import static dev.meshfleet.console.ConsolePages.open;
import static dev.meshfleet.console.ConsolePages.present;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.remote.RemoteWebDriver;

import dev.meshfleet.rollout.rest.RolloutEventStreams;
import dev.meshfleet.support.AgentFleet;
import dev.meshfleet.support.Api;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.Browser;
import dev.meshfleet.support.KeycloakServer.User;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * An operator in headless Chromium, logged in at Keycloak: the actions it sees are exactly the ones the server lets it
 * do (rollouts: start, pause, resume, promote, abort, retry; nothing of intent, clusters or trust, which the server
 * refuses when forged with its own session and CSRF token); each rollout action clicked and the server's state checked
 * after it; and the live view's stream dropped by the server mid-rollout: the page reconnects with Last-Event-ID, gets
 * the event committed while it had no stream, and in the end shows exactly the events the engine committed.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class ConsoleOperatorTest {
    private static final Duration ROLLOUT = Duration.ofSeconds(120);

    @TestHTTPResource("/")
    URL server;

    @TestHTTPResource("/console/")
    URL console;

    @Inject
    RolloutEventStreams streams;

    @Inject
    EntityManager em;

    private String page(String tenant, String page, String query) {
        return ConsolePages.page(console, tenant, page, query);
    }

    @Test
    void anOperatorSeesWhatItMayDoAndSteersARolloutLive() {
        String tenant = Api.tenantWithAdmin(User.ALICE.subject);
        Api.addMember(tenant, User.OSCAR.subject, "operator");
        String admin = TestTokens.user(User.ALICE.subject);
        String base = "/api/v1/tenants/" + tenant;
        RemoteWebDriver driver = Browser.open();
        try (AgentFleet fleet = new AgentFleet(server)) {
            for (String cluster : List.of("eu-1", "us-1")) {
                String token = Api.as(admin).body(Map.of("name", cluster, "labels", Map.of("env", "prod")))
                        .post(base + "/clusters").then().statusCode(201).extract().path("bootstrapToken");
                fleet.join(cluster, token);
            }
            Api.as(admin).body(Map.of("name", "payments", "trustDomain", "cluster.local", "placement",
                    Map.of("matchLabels", Map.of("env", "prod")))).post(base + "/meshes").then().statusCode(201);
            Api.as(admin).contentType("application/yaml").body(Seeds.PAYMENTS).put(base + "/meshes/payments/intent")
                    .then().statusCode(201);

            // what an operator sees: no admin action anywhere, the rollout form and actions
            logIn(driver, page(tenant, "fleet", ""), User.OSCAR);
            ConsolePages.awaitLoaded(driver);
            awaitText(driver, By.id("role"), "operator");
            assertFalse(present(driver, By.id("register")), "no cluster registration");
            open(driver, page(tenant, "meshes", ""));
            assertFalse(present(driver, By.id("create")), "no mesh creation");
            open(driver, page(tenant, "mesh", "mesh=payments"));
            assertFalse(present(driver, By.id("save")), "no intent save");
            assertFalse(present(driver, By.id("save-settings")), "no placement change");
            open(driver, page(tenant, "revisions", "mesh=payments"));
            assertFalse(present(driver, By.cssSelector("button.restore")), "no restore");
            open(driver, page(tenant, "trust", "mesh=payments"));
            assertFalse(present(driver, By.id("generate")) || present(driver, By.id("start"))
                    || present(driver, By.id("actions")), "no trust action");

            // ... and the server refuses those actions forged with the operator's own session and CSRF token
            String csrf = (String) session(driver, tenant).get("csrfToken");
            Map<String, String> json = Map.of("Content-Type", "application/json", "X-CSRF-Token", csrf);
            assertForbidden(fetch(driver, "POST", base + "/clusters", json, "{\"name\":\"forged\"}"));
            assertForbidden(fetch(driver, "PUT", base + "/meshes/payments/intent", Map.of("Content-Type",
                    "application/yaml", "X-CSRF-Token", csrf, "If-Match", "\"1\""), Seeds.PAYMENTS));
            assertForbidden(fetch(driver, "POST", base + "/meshes/payments/trust/roots", json, "{}"));

            open(driver, page(tenant, "rollouts", "mesh=payments"));
            assertTrue(present(driver, By.id("start")), "operators start rollouts");
            ConsolePages.type(driver, "services", "payment-service");
            ConsolePages.type(driver, "stable", "v1");
            ConsolePages.type(driver, "canary", "v2");
            ConsolePages.type(driver, "steps", "[{\"setWeight\": 20}, {\"pause\": {\"duration\": \"10m\"}}, "
                    + "{\"setWeight\": 100}]");
            driver.findElement(By.id("start-button")).click();
            awaitText(driver, By.id("stream-state"), "live");
            String id = Browser.await(driver, Duration.ofSeconds(20), d -> {
                String url = d.getCurrentUrl();
                return url.contains("rollout=") ? url.substring(url.indexOf("rollout=") + 8).split("&")[0] : null;
            });
            String rollout = base + "/meshes/payments/rollouts/" + id;
            awaitServer(admin, rollout, "the timed pause at 20 %", r -> r.phase("PROGRESSING") && r.step() == 1);

            click(driver, "pause");
            awaitServer(admin, rollout, "paused", r -> r.phase("PAUSED"));
            awaitText(driver, By.id("phase"), "PAUSED");

            click(driver, "resume");
            awaitServer(admin, rollout, "resumed", r -> r.phase("PROGRESSING"));
            awaitText(driver, By.id("phase"), "PROGRESSING");

            // the server drops the page's stream (a replica going away); the abort is committed while the page has
            // none; EventSource reconnects with Last-Event-ID and gets it, and nothing it had already shown
            UUID rolloutId = UUID.fromString(id);
            // the test realm's tokens last 30 s: right after a token has ended the stream (access-ended: the page renews
            // the session and reopens it, replaying what it had), the next end is 30 s away, after this drop is over. An
            // earlier renewal is not enough: on a slow machine its token can expire during the drop, the reconnect is
            // refused and the page reopens without Last-Event-ID. The reopened stream counts as watched before its
            // replay reaches the page: wait until the page has skipped every event it shows (the rollout waits out a
            // 10-minute pause, so no new event arrives meanwhile)
            long renewalsBefore = pageNumber(driver, "accessEnds");
            long skippedBefore = pageNumber(driver, "eventsSkipped");
            Browser.await(driver, Duration.ofSeconds(60), d -> pageNumber(driver, "accessEnds") > renewalsBefore
                    && streams.watching(rolloutId) > 0
                    && pageNumber(driver, "eventsSkipped") - skippedBefore >= shownIds(driver).size());
            long skipped = pageNumber(driver, "eventsSkipped");
            long opens = pageNumber(driver, "streamOpens");
            long accessEnds = pageNumber(driver, "accessEnds");
            streams.closeAll();
            Await.until("the page's stream closed", Duration.ofSeconds(10), () -> streams.watching(rolloutId) == 0);
            click(driver, "abort");
            awaitServer(admin, rollout, "aborted", r -> r.phase("ABORTED") && r.weight() == 0);
            boolean committedWhileDown = streams.watching(rolloutId) == 0;
            Await.until("the page reconnected", Duration.ofSeconds(30), () -> streams.watching(rolloutId) > 0);
            awaitText(driver, By.id("phase"), "ABORTED");
            Browser.await(driver, Duration.ofSeconds(20), d -> present(d, By.cssSelector("#timeline li[data-type='aborted']")));
            assertTrue(committedWhileDown, "the abort was committed while the page had no stream");
            assertTrue(pageNumber(driver, "streamOpens") > opens, "the stream was opened again");
            assertEquals(accessEnds, pageNumber(driver, "accessEnds"), "no access-ended reopen during the drop");
            // resumed after Last-Event-ID: the server sent nothing the page had shown (a reopen would replay them all)
            assertEquals(skipped, pageNumber(driver, "eventsSkipped"), "events sent again after the reconnect");

            click(driver, "retry");
            awaitServer(admin, rollout, "retried to the timed pause", r -> r.phase("PROGRESSING") && r.step() == 1
                    && r.weight() == 20);
            awaitText(driver, By.id("timeline"), "ABORTED -> ");

            click(driver, "promote");
            awaitServer(admin, rollout, "promoted", r -> r.phase("SUCCEEDED") && r.weight() == 100);
            awaitText(driver, By.id("phase"), "SUCCEEDED", ROLLOUT);

            // the timeline shows every event the engine committed, each once
            List<Long> committed = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "SELECT id FROM rollout_events WHERE rollout_id = :r ORDER BY id", Long.class)
                    .setParameter("r", rolloutId).getResultList());
            try {
                Browser.await(driver, Duration.ofSeconds(20), d -> shownIds(d).size() >= committed.size());
            } catch (AssertionError notYet) {
                // compared below, naming what is missing
            }
            List<Long> shown = shownIds(driver);
            assertEquals(committed, shown.stream().sorted().toList(), "the events shown are the events committed");
        } finally {
            driver.quit();
        }
    }

    private record Rollout(String phaseName, int step, int weight) {
        boolean phase(String expected) {
            return expected.equals(phaseName);
        }
    }

    private static void awaitServer(String token, String path, String what, java.util.function.Predicate<Rollout> done) {
        Await.until("the server's rollout " + what, ROLLOUT, () -> {
            var r = Api.as(token).get(path).then().statusCode(200).extract().jsonPath();
            Integer step = r.get("position.step");
            return done.test(new Rollout(r.getString("phase"), step == null ? -1 : step, r.getInt("weight")));
        });
    }

    private static void click(RemoteWebDriver driver, String action) {
        driver.findElement(By.cssSelector("button[data-action='" + action + "']")).click();
        if (action.equals("abort")) {
            driver.switchTo().alert().accept();
        }
        awaitText(driver, By.id("action-result"), action + " accepted");
    }

    private static void assertForbidden(Map<String, Object> answer) {
        assertEquals(403L, ((Number) answer.get("status")).longValue(), answer.toString());
    }

    private static long pageNumber(RemoteWebDriver driver, String key) {
        Object value = ((JavascriptExecutor) driver).executeScript("return document.body.dataset[arguments[0]] || '0'", key);
        return Long.parseLong(String.valueOf(value));
    }

    private static List<Long> shownIds(org.openqa.selenium.WebDriver driver) {
        List<?> ids = (List<?>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#timeline li')].map(li => li.dataset.id)");
        return ids.stream().map(i -> Long.parseLong(String.valueOf(i))).toList();
    }
}
