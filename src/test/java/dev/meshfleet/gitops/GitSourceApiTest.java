package dev.meshfleet.gitops;

import static dev.meshfleet.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.gitops.store.GitSource;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class GitSourceApiTest {
    static final String TOKEN = "glpat-a-fetch-token-never-returned";

    TestTenant tenant;
    String sources;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create();
        tenant.createMesh("payments");
        sources = tenant.mesh("payments") + "/git-sources";
    }

    static Map<String, Object> source(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("provider", "github");
        body.put("repository", "https://git.example.com/team/mesh.git");
        body.put("branch", "main");
        body.put("path", "meshes/payments.yaml");
        body.put("credentials", Map.of("username", "x-access-token", "token", TOKEN));
        body.put("pollInterval", "off");
        return body;
    }

    @Test
    void theWebhookSecretIsShownOnceAndSecretsAreSealedAtRestAndNeverReturned() {
        var created = as(tenant.admin()).body(source("main-repo")).post(sources).then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("source.webhookPath", startsWith("/hooks/")).body("source.hasCredentials", equalTo(true))
                .body("source.credentialsUsername", equalTo("x-access-token")).body("webhookSecret", notNullValue())
                .extract();
        String secret = created.path("webhookSecret");
        assertFalse(created.asString().contains(TOKEN));
        String read = as(tenant.admin()).get(sources + "/main-repo").then().statusCode(200)
                .body("provider", equalTo("github")).body("pollInterval", equalTo("off")).extract().asString();
        assertFalse(read.contains(secret) || read.contains(TOKEN), read);
        assertFalse(as(tenant.admin()).get(sources).then().statusCode(200).extract().asString().contains(TOKEN));

        GitSource row = QuarkusTransaction.requiringNew().call(() -> GitSource.<GitSource> find("hookId",
                ((String) created.path("source.webhookPath")).substring("/hooks/".length())).firstResult());
        assertTrue(row.webhookSecret.startsWith("v1:") && !row.webhookSecret.contains(secret));
        assertTrue(row.credentialToken.startsWith("v1:") && !row.credentialToken.contains(TOKEN));
        assertTrue(row.hookId.length() >= 32, "the hook id is unguessable");

        String rotated = as(tenant.admin()).body(Map.of()).post(sources + "/main-repo/webhook-secret").then().statusCode(200)
                .extract().path("webhookSecret");
        assertNotEquals(secret, rotated);
        String audit = as(tenant.admin()).get(tenant.path() + "/audit?objectType=git-source").then().statusCode(200)
                .body("items.action", hasItem("gitops.source.create")).body("items.action", hasItem("gitops.source.rotate-secret"))
                .extract().asString();
        assertFalse(audit.contains(secret) || audit.contains(rotated) || audit.contains(TOKEN), audit);
    }

    @Test
    void missingOrEmptySecretIsRefusedAtConfiguration() {
        Map<String, Object> body = source("s1");
        body.put("webhookSecret", "");
        as(tenant.admin()).body(body).post(sources).then().statusCode(400).contentType("application/problem+json")
                .body("errors.path", hasItem("$.webhookSecret"));
        body.put("webhookSecret", "short");
        as(tenant.admin()).body(body).post(sources).then().statusCode(400).body("errors.path", hasItem("$.webhookSecret"));
        as(tenant.admin()).body(Map.of("webhookSecret", "")).post(sources + "/s1/webhook-secret").then().statusCode(404);
    }

    @Test
    void badConfigurationIsNamedByField() {
        Map<String, Object> body = source("s1");
        body.put("repository", "ssh://github.com/team/mesh.git"); // an SSH repository names the user to log in as
        body.put("path", "../outside.yaml");
        body.put("branch", "refs/heads/main");
        body.put("provider", "gogs");
        body.put("pollInterval", "often");
        body.put("credentials", Map.of("token", "t"));
        List<String> paths = as(tenant.admin()).body(body).post(sources).then().statusCode(400)
                .contentType("application/problem+json").extract().path("errors.path");
        assertTrue(paths.containsAll(List.of("$.repository", "$.path", "$.branch", "$.provider", "$.pollInterval",
                "$.credentials.username")), paths.toString());
        as(tenant.admin()).body(Map.of("name", "x")).patch(sources + "/nope").then().statusCode(400)
                .body("errors.path", hasItem("$.name"));
        as(tenant.admin()).body(source("dup")).post(sources).then().statusCode(201);
        as(tenant.admin()).body(source("dup")).post(sources).then().statusCode(409);
        as(tenant.admin()).body(source("x")).post(tenant.mesh("no-such-mesh") + "/git-sources").then().statusCode(404);
    }

    @Test
    void adminsChangeViewersReadAnotherTenantSeesNothing() {
        as(tenant.admin()).body(source("repo")).post(sources).then().statusCode(201);
        String viewer = tenant.addMember("viewer", "viewer").token();
        String operator = tenant.addMember("operator", "operator").token();
        String path = sources + "/repo";
        as(viewer).get(sources).then().statusCode(200).body("name", hasItem("repo"));
        as(viewer).get(path).then().statusCode(200);
        as(viewer).get(path + "/syncs").then().statusCode(200);
        for (String caller : List.of(viewer, operator)) {
            as(caller).body(source("other")).post(sources).then().statusCode(403).contentType("application/problem+json");
            as(caller).body(Map.of("branch", "dev")).patch(path).then().statusCode(403);
            as(caller).delete(path).then().statusCode(403);
            as(caller).body(Map.of()).post(path + "/webhook-secret").then().statusCode(403);
            as(caller).post(path + "/sync").then().statusCode(403);
        }
        TestTenant other = TestTenant.create();
        other.createMesh("payments");
        String stranger = other.admin();
        as(stranger).get(sources).then().statusCode(404);
        as(stranger).get(path).then().statusCode(404);
        as(stranger).get(path + "/syncs").then().statusCode(404);
        as(stranger).body(source("x")).post(sources).then().statusCode(404);
        as(stranger).body(Map.of("branch", "dev")).patch(path).then().statusCode(404);
        as(stranger).delete(path).then().statusCode(404);
        as(stranger).body(Map.of()).post(path + "/webhook-secret").then().statusCode(404);
        as(stranger).post(path + "/sync").then().statusCode(404);
        // and the other tenant's own mesh of the same name does not show this tenant's source
        as(stranger).get(other.mesh("payments") + "/git-sources").then().statusCode(200).body("name", not(hasItem("repo")));
        as(TestTokens.user("nobody-" + System.nanoTime())).get(path).then().statusCode(404);

        as(tenant.admin()).body(Map.of("branch", "release/1.0", "pollInterval", "5m", "suspended", true)).patch(path).then()
                .statusCode(200).body("branch", equalTo("release/1.0")).body("pollInterval", equalTo("5m"))
                .body("suspended", equalTo(true));
        as(tenant.admin()).post(path + "/sync").then().statusCode(409);
        as(tenant.admin()).delete(path).then().statusCode(204);
        as(tenant.admin()).get(path).then().statusCode(404);
    }
}
