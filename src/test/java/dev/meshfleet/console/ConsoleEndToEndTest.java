package dev.meshfleet.console;

import static dev.meshfleet.console.ConsoleLogin.fetch;
import static dev.meshfleet.console.ConsoleLogin.logIn;
import static dev.meshfleet.console.ConsoleLogin.session;
import static dev.meshfleet.console.ConsolePages.awaitText;
import static dev.meshfleet.console.ConsolePages.editor;
import static dev.meshfleet.console.ConsolePages.open;
import static dev.meshfleet.console.ConsolePages.present;
import static dev.meshfleet.console.ConsolePages.screenshot;
import static dev.meshfleet.console.ConsolePages.setEditor;
import static dev.meshfleet.console.ConsolePages.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.remote.RemoteWebDriver;

import dev.meshfleet.support.AgentFleet;
import dev.meshfleet.support.Api;
import dev.meshfleet.support.Browser;
import dev.meshfleet.support.KeycloakServer.User;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The console end to end in headless Chromium, logged in at Keycloak, against the real server, Postgres, Kafka and
 * simulated clusters with real agents: register clusters, create a mesh, write intent with its plan, save, meet a
 * conflict, diff and restore revisions, run a rollout live to 100 %, abort another, read the audit log and the
 * topology; and a viewer who sees no action and whose forged change is refused.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class ConsoleEndToEndTest {
    private static final Duration ROLLOUT = Duration.ofSeconds(120);

    @TestHTTPResource("/")
    URL server;

    @TestHTTPResource("/console/")
    URL console;

    private String page(String tenant, String page, String query) {
        return ConsolePages.page(console, tenant, page, query);
    }

    @Test
    void anAdminRunsTheWholeLoopFromTheBrowser() {
        String tenant = Api.tenantWithAdmin(User.ALICE.subject);
        RemoteWebDriver driver = Browser.open();
        try (AgentFleet fleet = new AgentFleet(server)) {
            logIn(driver, page(tenant, "fleet", ""), User.ALICE);
            ConsolePages.awaitLoaded(driver);

            // register two clusters; each page shows its one-time bootstrap token, which its agent uses
            for (String cluster : List.of("eu-1", "us-1")) {
                type(driver, "new-name", cluster);
                type(driver, "new-labels", "env=prod,region=" + cluster.substring(0, 2));
                driver.findElement(By.id("register-button")).click();
                String token = awaitText(driver, By.id("register-result"), cluster).findElement(By.id("bootstrap-token"))
                        .getText();
                fleet.join(cluster, token);
            }
            open(driver, page(tenant, "fleet", "selector=region%3Deu"));
            awaitText(driver, By.cssSelector("#clusters tbody"), "eu-1");
            assertFalse(driver.findElement(By.cssSelector("#clusters tbody")).getText().contains("us-1"),
                    "the label selector filters on the server");

            // a mesh placed on env=prod
            open(driver, page(tenant, "meshes", ""));
            type(driver, "mesh-name", "payments");
            type(driver, "placement", "env=prod");
            driver.findElement(By.id("create-button")).click();
            Browser.await(driver, Duration.ofSeconds(20), d -> d.getCurrentUrl().contains("mesh.html?"));
            ConsolePages.awaitLoaded(driver);
            assertTrue(driver.getCurrentUrl().contains("mesh=payments"), driver.getCurrentUrl());

            // delivery policy: report drift only, and take fields other managers own
            driver.findElement(By.id("force-conflicts")).click();
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("drift"))).selectByValue("report");
            driver.findElement(By.id("save-settings")).click();
            awaitText(driver, By.id("settings-result"), "Saved");
            Api.as(TestTokens.user(User.ALICE.subject)).get("/api/v1/tenants/" + tenant + "/meshes/payments").then()
                    .statusCode(200).body("delivery.drift", org.hamcrest.Matchers.equalTo("report"))
                    .body("delivery.forceConflicts", org.hamcrest.Matchers.equalTo(true))
                    .body("placement.matchLabels.env", org.hamcrest.Matchers.equalTo("prod"));

            // the seed intent: findings and the plan per cluster before saving, then revision 1
            setEditor(driver, Seeds.PAYMENTS);
            awaitText(driver, By.id("validity"), "Valid");
            awaitText(driver, By.cssSelector("details[data-cluster='eu-1'] summary"), "8 to create");
            awaitText(driver, By.cssSelector("details[data-cluster='us-1'] summary"), "8 to create");
            driver.findElement(By.id("save")).click();
            awaitText(driver, By.id("saved"), "Saved as revision 1");

            // an invalid edit: its error is named with its path as you type, and it cannot be saved
            setEditor(driver, Seeds.PAYMENTS.replace("weight: 90", "weight: 80"));
            awaitText(driver, By.id("findings"), "100");
            assertFalse(driver.findElement(By.id("save")).isEnabled(), "an invalid intent cannot be saved");

            // 50/50: the plan shows the field change on each cluster's VirtualService
            setEditor(driver, Seeds.PAYMENTS.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50"));
            awaitText(driver, By.cssSelector("details[data-cluster='eu-1'] summary"), "1 to update");
            driver.findElement(By.cssSelector("details[data-cluster='eu-1'] summary")).click();
            awaitText(driver, By.cssSelector("details[data-cluster='eu-1']"), "90 → 50");
            screenshot(driver, "mesh-editor-plan");
            driver.findElement(By.id("save")).click();
            awaitText(driver, By.id("saved"), "Saved as revision 2");

            // someone else saves revision 3 meanwhile: this edit is shown as a conflict and the draft stays
            Api.as(TestTokens.user(User.ALICE.subject)).contentType("application/yaml").header("If-Match", "\"2\"")
                    .body(Seeds.PAYMENTS.replace("weight: 90", "weight: 60").replace("weight: 10", "weight: 40"))
                    .put("/api/v1/tenants/" + tenant + "/meshes/payments/intent").then().statusCode(201);
            String mine = Seeds.PAYMENTS.replace("weight: 90", "weight: 70").replace("weight: 10", "weight: 30");
            setEditor(driver, mine);
            awaitText(driver, By.cssSelector("details[data-cluster='eu-1'] summary"), "1 to update");
            driver.findElement(By.id("save")).click();
            awaitText(driver, By.id("conflict"), "revision 3");
            assertEquals(mine, editor(driver), "the draft is kept");
            screenshot(driver, "mesh-conflict");
            driver.findElement(By.id("rebase")).click();
            driver.findElement(By.id("save")).click();
            awaitText(driver, By.id("saved"), "Saved as revision 4");

            // history: revisions 1 and 2 side by side, then restore 1 after seeing its plan
            open(driver, page(tenant, "revisions", "mesh=payments&from=1&to=2"));
            awaitText(driver, By.id("diff-table"), "route[1].weight");
            awaitText(driver, By.id("revisions"), "console");
            screenshot(driver, "revisions-diff");
            driver.findElement(By.cssSelector("button.restore[data-revision='1']")).click();
            awaitText(driver, By.id("restore-plan"), "1 to update");
            driver.findElement(By.id("restore-confirm")).click();
            awaitText(driver, By.id("restored"), "Restored revision 1 as revision 5");

            // a rollout started from the form, watched live to 100 % on both clusters
            open(driver, page(tenant, "rollouts", "mesh=payments"));
            type(driver, "services", "payment-service");
            type(driver, "stable", "v1");
            type(driver, "canary", "v2");
            driver.findElement(By.id("start-button")).click();
            awaitText(driver, By.id("stream-state"), "live");
            awaitText(driver, By.id("phase"), "SUCCEEDED", ROLLOUT);
            awaitText(driver, By.cssSelector("#wave-grid td[data-cluster='eu-1']"), "100 % / 100 %");
            awaitText(driver, By.cssSelector("#wave-grid td[data-cluster='us-1']"), "100 % / 100 %");
            assertTrue(present(driver, By.cssSelector("#timeline li[data-type='succeeded']")));
            assertTrue(present(driver, By.cssSelector("#timeline li[data-type='weights-set']")));
            screenshot(driver, "rollout-live");

            // another, back to v1, paused after its first step and aborted
            type(driver, "services", "payment-service");
            type(driver, "stable", "v2");
            type(driver, "canary", "v1");
            ConsolePages.type(driver, "steps", "[{\"setWeight\": 20}, {\"pause\": {}}, {\"setWeight\": 100}]");
            driver.findElement(By.id("start-button")).click();
            awaitText(driver, By.id("phase"), "PAUSED", ROLLOUT);
            driver.findElement(By.cssSelector("button[data-action='abort']")).click();
            driver.switchTo().alert().accept();
            awaitText(driver, By.id("phase"), "ABORTED", ROLLOUT);

            // the audit log, filtered to the mesh: every change came from the console
            open(driver, page(tenant, "audit", "objectType=mesh&object=payments"));
            awaitText(driver, By.id("audit"), "console");
            screenshot(driver, "audit");

            // topology: who may call payment-service, from its authorization policy
            open(driver, page(tenant, "topology", "mesh=payments&focus=production%2Fpayment-service"));
            awaitText(driver, By.id("incoming"), "checkout-service");
            awaitText(driver, By.id("incoming"), "POST");
            screenshot(driver, "topology");

            open(driver, page(tenant, "fleet", ""));
            awaitText(driver, By.cssSelector("#clusters tbody"), "APPLIED");
            screenshot(driver, "fleet");
        } finally {
            driver.quit();
        }
    }

    @Test
    void aViewerSeesNoActionAndAForgedChangeIsRefused() {
        String tenant = Api.tenantWithAdmin(User.ALICE.subject);
        Api.addMember(tenant, User.VICTOR.subject, "viewer");
        String admin = TestTokens.user(User.ALICE.subject);
        String base = "/api/v1/tenants/" + tenant;
        Api.as(admin).body(Map.of("name", "c1", "labels", Map.of("env", "prod"))).post(base + "/clusters").then().statusCode(201);
        Api.as(admin).body(Map.of("name", "payments", "trustDomain", "cluster.local",
                "placement", Map.of("matchLabels", Map.of("env", "prod")))).post(base + "/meshes").then().statusCode(201);
        Api.as(admin).contentType("application/yaml").body(Seeds.PAYMENTS).put(base + "/meshes/payments/intent").then().statusCode(201);
        String rollout = Api.as(admin).body(Map.of("services", List.of("payment-service"), "stableVersion", "v1",
                "canaryVersion", "v2", "steps", List.of(Map.of("pause", Map.of()), Map.of("setWeight", 100))))
                .post(base + "/meshes/payments/rollouts").then().log().ifValidationFails().statusCode(201).extract().path("id");
        RemoteWebDriver driver = Browser.open();
        try {
            logIn(driver, page(tenant, "fleet", ""), User.VICTOR);
            ConsolePages.awaitLoaded(driver);
            awaitText(driver, By.id("role"), "viewer");
            assertFalse(present(driver, By.id("register")), "no registration form for a viewer");
            open(driver, page(tenant, "meshes", ""));
            assertFalse(present(driver, By.id("create")));
            open(driver, page(tenant, "mesh", "mesh=payments"));
            assertFalse(present(driver, By.id("save")), "no save button for a viewer");
            assertFalse(present(driver, By.id("save-settings")));
            assertFalse(driver.findElement(By.id("placement")).isEnabled());
            awaitText(driver, By.id("validity"), "Valid");
            open(driver, page(tenant, "revisions", "mesh=payments"));
            assertFalse(present(driver, By.cssSelector("button.restore")));
            open(driver, page(tenant, "rollouts", "mesh=payments&rollout=" + rollout));
            awaitText(driver, By.id("detail-title"), rollout.substring(0, 8));
            awaitText(driver, By.id("phase"), "PAUSED");
            assertFalse(present(driver, By.id("actions")), "no rollout actions for a viewer");
            assertFalse(present(driver, By.id("start")));
            screenshot(driver, "viewer-rollouts");

            // the stream outlives the ID token (30 s in the test realm): the server ends it with access-ended, the page
            // renews the session and opens it again, and what happens next is shown once, nothing twice
            awaitText(driver, By.id("stream-state"), "live");
            Browser.await(driver, Duration.ofSeconds(90), d -> Integer.parseInt(String.valueOf(
                    ((JavascriptExecutor) d).executeScript("return document.body.dataset.streamOpens || '0'"))) >= 2);
            Api.as(TestTokens.user(User.ALICE.subject)).body(Map.of()).post(base + "/meshes/payments/rollouts/" + rollout
                    + "/resume").then().statusCode(202);
            awaitText(driver, By.id("timeline"), "PAUSED -> PROGRESSING");
            List<?> ids = (List<?>) ((JavascriptExecutor) driver).executeScript(
                    "return [...document.querySelectorAll('#timeline li')].map(li => li.dataset.id)");
            assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "no event shown twice: " + ids);

            // the server refuses what the page does not offer, even with the viewer's own CSRF token
            String csrf = (String) session(driver, tenant).get("csrfToken");
            Map<String, Object> refused = fetch(driver, "POST", base + "/meshes/payments/rollouts/" + rollout + "/abort",
                    Map.of("Content-Type", "application/json", "X-CSRF-Token", csrf), "{}");
            assertEquals(403L, ((Number) refused.get("status")).longValue(), refused.toString());
            assertTrue(refused.get("body").toString().contains("operator role"), refused.toString());
        } finally {
            driver.quit();
        }
    }
}
