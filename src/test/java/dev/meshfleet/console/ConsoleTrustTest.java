package dev.meshfleet.console;

import static dev.meshfleet.console.ConsoleLogin.fetch;
import static dev.meshfleet.console.ConsoleLogin.logIn;
import static dev.meshfleet.console.ConsoleLogin.session;
import static dev.meshfleet.console.ConsolePages.awaitText;
import static dev.meshfleet.console.ConsolePages.open;
import static dev.meshfleet.console.ConsolePages.present;
import static dev.meshfleet.console.ConsolePages.screenshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.Select;

import dev.meshfleet.support.AgentFleet;
import dev.meshfleet.support.Api;
import dev.meshfleet.support.Browser;
import dev.meshfleet.support.KeycloakServer.User;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The console's trust page in headless Chromium, logged in at Keycloak, with real agents on simulated clusters (each
 * with a simulated istiod): an admin generates two roots, meets a rotation refused for a cluster not ready for
 * multi-root trust, then rotates to the second root, pauses and resumes it and watches it reach COMPLETED; a viewer
 * sees no action.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class ConsoleTrustTest {
    private static final Duration ROTATION = Duration.ofSeconds(90);
    private static final List<String> CLUSTERS = List.of("east", "west");

    @TestHTTPResource("/")
    URL server;

    @TestHTTPResource("/console/")
    URL console;

    private String trustPage(String tenant, String query) {
        return console + "trust.html?tenant=" + tenant + "&mesh=payments" + (query.isEmpty() ? "" : "&" + query);
    }

    /** Two clusters with agents keeping trust (one not yet ready for multi-root) and a mesh placed on both. */
    private static void meshOnTwoClusters(String tenant, AgentFleet fleet) {
        String admin = TestTokens.user(User.ALICE.subject);
        String base = "/api/v1/tenants/" + tenant;
        for (String cluster : CLUSTERS) {
            String token = Api.as(admin).body(Map.of("name", cluster, "labels", Map.of("env", "prod")))
                    .post(base + "/clusters").then().statusCode(201).extract().path("bootstrapToken");
            fleet.join(cluster, token);
        }
        fleet.readyForMultiRoot("east");
        Api.as(admin).body(Map.of("name", "payments", "trustDomain", "payments.example.org",
                "placement", Map.of("matchLabels", Map.of("env", "prod")))).post(base + "/meshes").then().statusCode(201);
    }

    private static WebElement rootRow(RemoteWebDriver driver, int index) {
        return driver.findElements(By.cssSelector("#roots tbody tr[data-root]")).get(index);
    }

    @Test
    void anAdminGeneratesRootsAndWatchesARotationComplete() {
        String tenant = Api.tenantWithAdmin(User.ALICE.subject);
        RemoteWebDriver driver = Browser.open();
        try (AgentFleet fleet = new AgentFleet(server).withTrust(Duration.ofMillis(300), "payments")) {
            meshOnTwoClusters(tenant, fleet);
            logIn(driver, console + "mesh.html?tenant=" + tenant + "&mesh=payments", User.ALICE);
            ConsolePages.awaitLoaded(driver);
            driver.findElement(By.cssSelector("#mesh-links a[href*='trust.html']")).click();   // the mesh page links it
            Browser.await(driver, Duration.ofSeconds(20), d -> d.getCurrentUrl().contains("trust.html?"));
            ConsolePages.awaitLoaded(driver);
            assertTrue(driver.getCurrentUrl().contains("mesh=payments"), driver.getCurrentUrl());
            awaitText(driver, By.id("trust-domain"), "payments.example.org");
            awaitText(driver, By.id("roots"), "No root yet");

            // the first root (P-256) issues; the second (RSA 4096) is only stored
            driver.findElement(By.id("generate-button")).click();
            awaitText(driver, By.id("generate-result"), "now issuing");
            new Select(driver.findElement(By.id("algorithm"))).selectByValue("RSA_4096");
            driver.findElement(By.id("generate-button")).click();
            awaitText(driver, By.id("generate-result"), "RSA_4096");
            Browser.await(driver, Duration.ofSeconds(20),
                    d -> d.findElements(By.cssSelector("#roots tbody tr[data-root]")).size() == 2);
            assertTrue(rootRow(driver, 0).getText().contains("issuing"), rootRow(driver, 0).getText());
            assertTrue(rootRow(driver, 0).getText().contains("EC_P256"), rootRow(driver, 0).getText());
            assertTrue(rootRow(driver, 1).getText().contains("RSA_4096"), rootRow(driver, 1).getText());
            assertFalse(rootRow(driver, 1).getText().contains("issuing"), rootRow(driver, 1).getText());
            assertFalse(driver.getPageSource().contains("PRIVATE KEY"), "no key on the page");
            assertTrue(present(driver, By.id("bundle-endpoint")));
            String rootA = rootRow(driver, 0).getDomAttribute("data-root");

            // both clusters get an intermediate from the first root (the page shows them after a reload)
            Browser.await(driver, Duration.ofSeconds(30), d -> {
                ConsolePages.open(d, trustPage(tenant, ""));
                return d.findElements(By.cssSelector("#intermediates tbody tr[data-cluster]")).size() == 2;
            });
            for (String cluster : CLUSTERS) {
                assertTrue(driver.findElement(By.cssSelector("#intermediates tr[data-cluster='" + cluster + "'] .issuer"))
                        .getText().startsWith(rootA.substring(0, 8)), cluster);
            }

            // west's istiod lacks ISTIO_MULTIROOT_MESH: the rotation is refused, naming the cluster and why
            driver.findElement(By.id("start-button")).click();
            WebElement refusal = awaitText(driver, By.id("start-result"), "409");
            assertTrue(refusal.getText().contains("clusters.west"), refusal.getText());
            assertTrue(refusal.getText().contains("ISTIO_MULTIROOT_MESH"), refusal.getText());
            assertFalse(refusal.getText().contains("clusters.east"), refusal.getText());

            // once west is ready (and its agent has said so) the rotation starts and is watched to COMPLETED
            fleet.readyForMultiRoot("west");
            // (the button is disabled while a request is out, so a click is only made once the last answer shows)
            Browser.await(driver, Duration.ofSeconds(30), d -> {
                String result = d.findElement(By.id("start-result")).getText();
                WebElement start = d.findElement(By.id("start-button"));
                if (!result.contains("Started rotation") && start.isEnabled()) {
                    start.click();
                }
                return result.contains("Started rotation");
            });
            assertFalse(driver.findElement(By.id("start-button")).isEnabled(), "one rotation at a time");
            awaitText(driver, By.id("rotation-direction"), "FORWARD");

            // paused from the page: held in its phase, per cluster what it shows or still waits for; then resumed
            driver.findElement(By.cssSelector("#actions [data-action=pause]")).click();
            awaitText(driver, By.id("action-result"), "pause accepted");
            awaitText(driver, By.id("rotation-status"), "PAUSED", ROTATION);
            awaitText(driver, By.id("poll-state"), "refreshed");
            for (String cluster : CLUSTERS) {
                awaitText(driver, By.cssSelector("#cluster-progress tr[data-cluster='" + cluster + "']"), cluster);
            }
            assertFalse(driver.findElement(By.cssSelector("#actions [data-action=pause]")).isEnabled());
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1900));   // the whole page
            screenshot(driver, "trust");
            driver.findElement(By.cssSelector("#actions [data-action=resume]")).click();
            awaitText(driver, By.id("action-result"), "resume accepted");
            awaitText(driver, By.id("events"), "REISSUE", ROTATION);
            awaitText(driver, By.id("rotation-status"), "COMPLETED", ROTATION);
            String events = driver.findElement(By.id("events")).getText();
            for (String phase : List.of("ADD_ROOT", "VERIFY", "SOAK", "DROP_OLD")) {
                assertTrue(events.contains(phase), phase + " in " + events);
            }
            Browser.await(driver, Duration.ofSeconds(10), d -> rootRow((RemoteWebDriver) d, 1).getText().contains("issuing"));
            assertTrue(rootRow(driver, 0).getText().contains("RETIRING"), rootRow(driver, 0).getText());
            String rootB = rootRow(driver, 1).getDomAttribute("data-root");
            for (String cluster : CLUSTERS) {
                awaitText(driver, By.cssSelector("#intermediates tr[data-cluster='" + cluster + "'] .issuer"),
                        rootB.substring(0, 8));
            }
            assertFalse(driver.findElement(By.cssSelector("#actions [data-action=abort]")).isEnabled(),
                    "nothing to abort once completed");
            ConsolePages.awaitLoaded(driver);   // controls of the drawn rotation are named too
        } finally {
            driver.quit();
        }
    }

    @Test
    void aViewerSeesTheTrustPageWithoutActions() {
        String tenant = Api.tenantWithAdmin(User.ALICE.subject);
        Api.addMember(tenant, User.VICTOR.subject, "viewer");
        String admin = TestTokens.user(User.ALICE.subject);
        String base = "/api/v1/tenants/" + tenant + "/meshes";
        Api.as(admin).body(Map.of("name", "payments", "trustDomain", "payments.example.org")).post(base).then().statusCode(201);
        Api.as(admin).body(Map.of()).post(base + "/payments/trust/roots").then().statusCode(201);
        String second = Api.as(admin).body(Map.of()).post(base + "/payments/trust/roots").then().statusCode(201)
                .extract().path("id");
        RemoteWebDriver driver = Browser.open();
        try {
            logIn(driver, trustPage(tenant, ""), User.VICTOR);
            ConsolePages.awaitLoaded(driver);
            awaitText(driver, By.id("role"), "viewer");
            awaitText(driver, By.id("trust-domain"), "payments.example.org");
            Browser.await(driver, Duration.ofSeconds(10),
                    d -> d.findElements(By.cssSelector("#roots tbody tr[data-root]")).size() == 2);
            assertFalse(present(driver, By.id("generate")), "no generate form for a viewer");
            assertFalse(present(driver, By.id("start")), "no rotation form for a viewer");
            assertFalse(present(driver, By.id("actions")), "no rotation actions for a viewer");
            assertTrue(driver.findElements(By.cssSelector("main button")).stream()
                    .allMatch(b -> "submit".equals(b.getDomAttribute("type")) && b.getText().equals("Show")),
                    "the mesh picker's Show is the only button");

            // the server refuses what the page does not offer, even with the viewer's own CSRF token
            String csrf = (String) session(driver, tenant).get("csrfToken");
            Map<String, Object> refused = fetch(driver, "POST", base + "/payments/trust/rotations",
                    Map.of("Content-Type", "application/json", "X-CSRF-Token", csrf), "{\"toRoot\":\"" + second + "\"}");
            assertEquals(403L, ((Number) refused.get("status")).longValue(), refused.toString());
        } finally {
            driver.quit();
        }
    }
}
