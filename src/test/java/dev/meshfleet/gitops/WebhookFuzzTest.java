package dev.meshfleet.gitops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.NoResponseValidation;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A bounded fuzz of webhook deliveries: for sources of every provider, random mixes of the providers' signature, event
 * and delivery headers (well formed, malformed, absent), content types and bodies (mutated pushes, random bytes, deep
 * nesting, huge strings), about half of them correctly signed so that parsing and event decisions are reached too.
 * Every answer must be below 500, and every refusal a problem+json without internals. Seeded and printed: rerun with
 * {@code -Dmeshfleet.fuzz.seed=<seed>}.
 */
@QuarkusTest
@NoResponseValidation
class WebhookFuzzTest {
    static final List<String> PROVIDERS = List.of("github", "gitlab", "bitbucket-cloud", "bitbucket-server", "gitea",
            "forgejo", "generic");
    static final Pattern INTERNALS = Pattern.compile(
            "\\b(?:java|javax|jakarta|org|com|io|sun|dev\\.meshfleet)\\.(?:[a-z0-9_]+\\.)*[A-Z][A-Za-z0-9_$]+"
                    + "|[A-Za-z]+(?:Exception|Error)\\b|\\n\\s*at [a-z]");
    static final String[] EVENTS = { "push", "ping", "Push Hook", "repo:push", "repo:refs_changed", "diagnostics:ping",
            "issues", "", "\u00e9v\u00e9nement", "x".repeat(300) };
    /** Per source, fewer deliveries than its rate-limit burst, so every one is really handled. */
    static final int PER_SOURCE = 20;

    @Test
    void mutatedDeliveriesNeverGet5xxAndAlwaysAProblem() {
        String seed = System.getProperty("meshfleet.fuzz.seed", Long.toString(new SecureRandom().nextLong()));
        System.out.println("[WebhookFuzzTest] seed=" + seed + " (rerun: -Dtest=WebhookFuzzTest -Dmeshfleet.fuzz.seed="
                + seed + ")");
        Random random = new Random(Long.parseLong(seed));
        TestTenant tenant = TestTenant.create();
        tenant.createMesh("payments");
        Map<String, Integer> statuses = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) {
            for (String provider : PROVIDERS) {
                Hooks.Source source = Hooks.create(tenant, "payments", provider, "file:///nonexistent/fuzz.git", Map.of());
                for (int i = 0; i < PER_SOURCE; i++) {
                    byte[] body = body(random);
                    Response answer = send(random, provider, source, body);
                    statuses.merge(Integer.toString(answer.statusCode()), 1, Integer::sum);
                    String text = answer.asString();
                    if (answer.statusCode() >= 500) {
                        failures.add(provider + ": " + answer.statusCode() + " " + text);
                    } else if (answer.statusCode() >= 400 && (!String.valueOf(answer.contentType())
                            .startsWith("application/problem+json") || INTERNALS.matcher(text).find())) {
                        failures.add(provider + ": " + answer.statusCode() + " " + answer.contentType() + " " + text);
                    }
                }
            }
        }
        System.out.println("[WebhookFuzzTest] statuses " + statuses);
        assertEquals(List.of(), failures, "seed " + seed);
    }

    /** Bodies go out as the bytes they are, whatever the content type says. */
    static final RestAssuredConfig BYTES_AS_THEY_ARE = RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
            .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY)
            .encodeContentTypeAs("text/plain", ContentType.BINARY));

    static Response send(Random random, String provider, Hooks.Source source, byte[] body) {
        RequestSpecification request = given().config(BYTES_AS_THEY_ARE).contentType(pick(random, "application/json",
                "application/json", "application/json", "application/json", "application/json",
                "application/json; charset=utf-8", "application/vnd.github+json", "text/plain",
                "application/x-www-form-urlencoded", "application/octet-stream"));
        boolean signed = random.nextBoolean();
        String hex = Hooks.hmacHex(signed ? source.secret() : "x" + random.nextInt(), body);
        String id = pick(random, java.util.UUID.randomUUID().toString(), "", " ", "d".repeat(500), "\u00e9t\u00e9");
        switch (provider) {
            case "github" -> request.header("X-Hub-Signature-256", pick(random, "sha256=" + hex, "sha1=" + hex, hex, "sha256=",
                    "sha256=" + hex.substring(1))).header("X-GitHub-Event", pick(random, EVENTS))
                    .header("X-GitHub-Delivery", id);
            case "gitlab" -> request.header("X-Gitlab-Token", signed ? source.secret() : pick(random, "", "token", "\u00ff"))
                    .header("X-Gitlab-Event", pick(random, EVENTS)).header("X-Gitlab-Event-UUID", id);
            case "bitbucket-cloud", "bitbucket-server" -> request.header("X-Hub-Signature", pick(random, "sha256=" + hex,
                    "sha1=" + hex, "sha256=zz")).header("X-Event-Key", pick(random, EVENTS))
                    .header(provider.equals("bitbucket-cloud") ? "X-Request-UUID" : "X-Request-Id", id);
            case "gitea" -> request.header("X-Gitea-Signature", pick(random, hex, "sha256=" + hex, hex.toUpperCase(
                    java.util.Locale.ROOT))).header("X-Gitea-Event", pick(random, EVENTS)).header("X-Gitea-Delivery", id);
            case "forgejo" -> request.header("X-Forgejo-Signature", pick(random, hex, "", hex + "0"))
                    .header("X-Forgejo-Event", pick(random, EVENTS)).header("X-Forgejo-Delivery", id);
            default -> request.header("X-Signature", pick(random, "sha256=" + hex, "sha512=" + hex, "")).header(
                    "X-Delivery-Id", id);
        }
        if (random.nextInt(10) == 0) {
            request.header("webhook-id", id).header("webhook-timestamp", pick(random, "0", "-1", "99999999999999999999",
                    "abc", Long.toString(System.currentTimeMillis() / 1000))).header("webhook-signature",
                            pick(random, "v1,", "v1,!!!", "v2,abc", "v1," + hex));
        }
        return request.body(body).post(source.hookPath());
    }

    static byte[] body(Random random) {
        String push = "{\"ref\":\"refs/heads/main\",\"after\":\"0123456789abcdef0123456789abcdef01234567\","
                + "\"push\":{\"changes\":[{\"new\":{\"type\":\"branch\",\"name\":\"main\"}}]},"
                + "\"changes\":[{\"ref\":{\"id\":\"refs/heads/main\"},\"toHash\":\"abc\"}]}";
        return switch (random.nextInt(11)) {
            case 0, 9, 10 -> push.getBytes(StandardCharsets.UTF_8);
            case 1 -> mutate(random, push).getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                byte[] bytes = new byte[random.nextInt(2000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 3 -> ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"ref\":\"" + "r".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 5 -> new byte[0];
            case 6 -> "{\"ref\":null,\"after\":[],\"push\":{\"changes\":\"x\"},\"changes\":{}}".getBytes(StandardCharsets.UTF_8);
            case 7 -> "{\"ref\":\"refs/heads/main\",\"ref\":\"refs/heads/other\"}".getBytes(StandardCharsets.UTF_8);
            default -> ("\"" + "\\u0000".repeat(100) + "\"").getBytes(StandardCharsets.UTF_8);
        };
    }

    static String mutate(Random random, String text) {
        StringBuilder out = new StringBuilder(text);
        for (int i = 0, n = 1 + random.nextInt(5); i < n && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, pick(random, "{", "}", "[", "\"", ",", ":", "\\", "null", "1e999999", "\u0000"));
                default -> out.setCharAt(at, (char) random.nextInt(0x3000));
            }
        }
        return out.toString();
    }

    @SafeVarargs
    static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
