package dev.meshfleet.gitops;

import static dev.meshfleet.support.Api.as;
import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import dev.meshfleet.gitops.core.Hmacs;
import dev.meshfleet.support.TestTenant;
import io.restassured.response.Response;

/** Git sources made through the API for webhook tests, and deliveries to them signed as each provider signs. */
final class Hooks {
    private Hooks() {
    }

    /** A source as its creator saw it: where to deliver, the secret shown once, where it lives in the API. */
    record Source(String name, String hookPath, String secret, String apiPath) {
    }

    static Source create(TestTenant tenant, String mesh, String provider, String repository, Map<String, Object> more) {
        String name = "src-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("provider", provider);
        body.put("repository", repository);
        body.put("branch", "main");
        body.put("path", "mesh.yaml");
        body.put("pollInterval", "off");
        body.putAll(more);
        String apiPath = tenant.mesh(mesh) + "/git-sources";
        var created = as(tenant.admin()).body(body).post(apiPath).then().statusCode(201).extract();
        return new Source(name, created.path("source.webhookPath"), created.path("webhookSecret"), apiPath + "/" + name);
    }

    static String hmacHex(String secret, byte[] body) {
        return HexFormat.of().formatHex(Hmacs.sha256(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    static String pushBody(String ref, String after) {
        return "{\"ref\":\"" + ref + "\",\"after\":\"" + after + "\",\"repository\":{\"clone_url\":"
                + "\"http://127.0.0.1:9/evil.git\"}}";
    }

    /** A GitHub delivery of {@code body}, signed with {@code secret}. */
    static Response github(Source source, String secret, String event, String deliveryId, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", deliveryId).header("X-Hub-Signature-256", "sha256=" + hmacHex(secret, bytes))
                .body(bytes).post(source.hookPath());
    }

    static Response github(Source source, String event, String body) {
        return github(source, source.secret(), event, UUID.randomUUID().toString(), body);
    }

    /** A Gitea delivery as Gitea sends it: its own signature and delivery headers, plus GitHub's and Gogs's. */
    static Response gitea(Source source, String secret, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String hex = hmacHex(secret, bytes);
        return given().contentType("application/json").header("X-Gitea-Event", "push").header("X-GitHub-Event", "push")
                .header("X-Gitea-Delivery", UUID.randomUUID().toString()).header("X-Gitea-Signature", hex)
                .header("X-Gogs-Signature", hex).header("X-Hub-Signature-256", "sha256=" + hex).body(bytes)
                .post(source.hookPath());
    }
}
