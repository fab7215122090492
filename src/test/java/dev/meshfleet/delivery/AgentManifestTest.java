package dev.meshfleet.delivery;

import dev.meshfleet.delivery.AgentInstallManifest;

import static dev.meshfleet.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The install manifest and every answer carrying a secret: reading the manifest issues no token (so a crawler, a proxy
 * or a second look cannot invalidate the one an admin is about to use), POST issues one, and secrets are never cached.
 */
@QuarkusTest
class AgentManifestTest {
    @TestHTTPResource("/")
    URL base;

    TestTenant tenant;
    String admin;
    String clusters;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create();
        admin = tenant.admin();
        clusters = tenant.clusters();
    }

    private String registerCluster(String name) {
        return tenant.registerCluster(Map.of("name", name)).header("Cache-Control", "no-store")
                .extract().path("bootstrapToken");
    }

    private static String tokenIn(String yaml) {
        return yaml.replaceAll("(?s).*bootstrap-token: \"?(mfb_[A-Za-z0-9_-]+).*", "$1");
    }

    private static String agentRegisters(String token) {
        return AgentBootstrap.register(token, "test").header("Cache-Control", "no-store")
                .body("credential", startsWith("mfc_")).extract().path("credential");
    }

    @Test
    void readingTheManifestIssuesNoTokenAndTheFirstTokenStillWorks() {
        String token = registerCluster("k1");
        String expires = as(admin).get(clusters + "/k1").then().extract().path("bootstrapExpiresAt");
        for (int i = 0; i < 2; i++) {
            String yaml = as(admin).accept("application/yaml").get(clusters + "/k1/agent.yaml").then().statusCode(200)
                    .extract().asString();
            assertFalse(yaml.contains("mfb_"), yaml);
            assertTrue(yaml.contains("bootstrap-token: " + dev.meshfleet.protocol.AgentProtocol.TOKEN_PLACEHOLDER), yaml);
            assertTrue(yaml.contains("POST to this URL"), "says how to get a token:\n" + yaml);
        }
        assertEquals(expires, as(admin).get(clusters + "/k1").then().extract().path("bootstrapExpiresAt"));
        agentRegisters(token);
    }

    @Test
    void postingForTheManifestIssuesAFreshTokenNeverCached() {
        String first = registerCluster("k2");
        String yaml = as(admin).accept("application/yaml").post(clusters + "/k2/agent.yaml").then().statusCode(200)
                .header("Cache-Control", "no-store").contentType(startsWith("application/yaml")).extract().asString();
        String second = tokenIn(yaml);
        assertTrue(second.startsWith("mfb_"), yaml);
        assertNotEquals(first, second);
        given().contentType(ContentType.JSON).body(Map.of("bootstrapToken", first, "agentVersion", "test"))
                .post("/agent/v1/register").then().statusCode(401);
        String credential = agentRegisters(second);

        String third = as(admin).post(clusters + "/k2/bootstrap-token").then().statusCode(200)
                .header("Cache-Control", "no-store").extract().path("bootstrapToken");
        assertTrue(third.startsWith("mfb_"));
        given().auth().oauth2(credential).post("/agent/v1/credential/rotate").then().statusCode(200)
                .header("Cache-Control", "no-store").body("credential", startsWith("mfc_"));
    }

    @Test
    void serverUrlIsWhereTheManifestWasAskedForAndLoopbackIsWarned() {
        registerCluster("k3");
        String local = as(admin).accept("application/yaml").get(clusters + "/k3/agent.yaml").then().statusCode(200)
                .extract().asString();
        String expected = "http://localhost:" + base.getPort();
        assertTrue(local.contains("server-url: \"" + expected + "\"") || local.contains("server-url: " + expected + "\n"),
                local);
        assertFalse(local.contains("localhost:8080"), local);
        assertTrue(local.contains("# WARNING: server-url " + expected + " is a loopback address"), local);

        String reachable = as(admin).accept("application/yaml").header("Host", "meshfleet.example.test:9443")
                .get(clusters + "/k3/agent.yaml").then().statusCode(200).extract().asString();
        assertTrue(reachable.contains("http://meshfleet.example.test:9443"), reachable);
        assertFalse(reachable.contains("WARNING"), reachable);
        as(admin).get(clusters + "/k3").then().body("agent.registered", equalTo(false));
    }
}
