package dev.meshfleet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The committed specs must be what the service serves: openapi/meshfleet-v1.yaml (the /api/v1 paths) and
 * openapi/agent-v1.yaml (the /agent/v1 protocol); the former also has the webhook receiver /hooks/{hookId}, each the served spec with only its own paths. After an intended API
 * change, regenerate them with {@code MESHFLEET_WRITE_OPENAPI=true ./mvnw test -Dtest=OpenApiDriftTest} and review.
 */
@QuarkusTest
class OpenApiDriftTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void committedSpecsMatchTheServedOne() throws Exception {
        String served = RestAssured.given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        JsonNode all = YAML.readTree(served);
        // the public SPIFFE bundle endpoint is part of the API people and federating systems use, and the webhook
        // receiver is what git providers call
        check(all, List.of("/api/", "/trust-bundles/", "/hooks/"), Path.of("openapi/meshfleet-v1.yaml"));
        check(all, List.of("/agent/"), Path.of("openapi/agent-v1.yaml"));
    }

    private static void check(JsonNode all, List<String> prefixes, Path committed) throws Exception {
        ObjectNode spec = all.deepCopy();
        ObjectNode paths = (ObjectNode) spec.get("paths");
        List<String> others = new ArrayList<>();
        paths.fieldNames().forEachRemaining(p -> {
            if (prefixes.stream().noneMatch(p::startsWith)) {
                others.add(p);
            }
        });
        paths.remove(others);
        assertTrue(paths.size() > 0, "no paths under " + prefixes);
        if ("true".equals(System.getenv("MESHFLEET_WRITE_OPENAPI"))) {
            Files.writeString(committed, YAML.writeValueAsString(spec));
        }
        assertEquals(YAML.readTree(Files.readString(committed)), spec, committed + " differs from the served spec; "
                + "regenerate it (see this test's Javadoc) and review the change");
    }
}
