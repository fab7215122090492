package dev.meshfleet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The committed openapi/meshfleet-v1.yaml must be what the service serves. After an intended API change, regenerate it
 * with {@code MESHFLEET_WRITE_OPENAPI=true ./mvnw test -Dtest=OpenApiDriftTest} and review the diff.
 */
@QuarkusTest
class OpenApiDriftTest {
    private static final Path COMMITTED = Path.of("openapi/meshfleet-v1.yaml");

    @Test
    void committedSpecMatchesTheServedOne() throws Exception {
        String served = RestAssured.given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        if ("true".equals(System.getenv("MESHFLEET_WRITE_OPENAPI"))) {
            Files.writeString(COMMITTED, served);
        }
        YAMLMapper yaml = new YAMLMapper();
        JsonNode expected = yaml.readTree(Files.readString(COMMITTED));
        JsonNode actual = yaml.readTree(served);
        assertEquals(expected, actual, "openapi/meshfleet-v1.yaml differs from the served spec; regenerate it (see "
                + "this test's Javadoc) and review the change");
    }
}
