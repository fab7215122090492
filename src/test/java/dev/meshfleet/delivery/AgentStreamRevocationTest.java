package dev.meshfleet.delivery;

import static dev.meshfleet.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.SseReader;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Deleting a cluster or its whole tenant ends the agent's open stream with 'revoked'; its credential then gets 401. */
@QuarkusTest
class AgentStreamRevocationTest {
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @TestHTTPResource("/agent/v1/stream")
    URL stream;

    TestTenant tenant;
    String admin;
    String credential;

    @BeforeEach
    void agent() {
        tenant = TestTenant.create();
        admin = tenant.admin();
        credential = AgentBootstrap.credential(tenant.registerCluster("c1", Map.of("env", "prod")), "test");
    }

    private SseReader connected() {
        SseReader agent = new SseReader(stream.toString(), "Bearer " + credential);
        Await.until("the agent's stream says hello", WITHIN, () -> agent.names().contains("hello"));
        return agent;
    }

    private void assertRevoked(SseReader agent) {
        Await.until("the stream ended with revoked", WITHIN, () -> agent.ended() && agent.names().contains("revoked"));
        assertEquals("revoked", agent.names().get(agent.names().size() - 1), agent.names().toString());
        given().auth().oauth2(credential).get("/agent/v1/desired").then().statusCode(401);
    }

    @Test
    void deletingTheClusterRevokesItsAgentsStream() {
        try (SseReader agent = connected()) {
            as(admin).delete(tenant.clusters() + "/c1").then().statusCode(204);
            assertRevoked(agent);
        }
    }

    @Test
    void deletingTheTenantRevokesItsAgentsStreams() {
        try (SseReader agent = connected()) {
            as(TestTokens.platformAdmin()).delete(tenant.path()).then().statusCode(204);
            assertRevoked(agent);
        }
    }
}
