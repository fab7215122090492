package dev.meshfleet.delivery;

import static dev.meshfleet.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.Await;
import dev.meshfleet.support.SseReader;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * A registration whose answer was lost can be tried again with the same bootstrap token and idempotency key until the
 * agent's first stream opens; the credential the agent never received stops working. Without the key, or with another,
 * the token stays single-use; a revoke or a new bootstrap token ends the retries.
 */
@QuarkusTest
class RegistrationRetryTest {
    private static final String KEY = "0f6c2a4e-7d1b-4c3e-9a8f-5b2d1e0c7a91";

    @TestHTTPResource("/agent/v1/stream")
    URL stream;

    @Test
    void aLostAnswerIsRetriedWithTheSameKeyUntilTheFirstStreamOpens() {
        TestTenant tenant = TestTenant.create();
        String bootstrap = tenant.registerCluster("c1", Map.of());
        String lost = register(bootstrap, KEY).statusCode(201).extract().path("credential");
        // the answer never arrived: the agent tries again with the same token and key
        String credential = register(bootstrap, KEY).statusCode(201).body("cluster", equalTo("c1")).extract().path("credential");
        assertNotEquals(lost, credential);
        given().auth().oauth2(lost).get("/agent/v1/desired").then().statusCode(401);
        given().auth().oauth2(credential).get("/agent/v1/desired").then().statusCode(200);
        // the token alone, or with another key, is used up
        register(bootstrap, null).statusCode(401);
        register(bootstrap, "another-key-of-this-agent-0000").statusCode(401);

        try (SseReader agent = new SseReader(stream.toString(), "Bearer " + credential)) {
            Await.until("the stream opened", Duration.ofSeconds(15), () -> agent.names().contains("desired"));
        }
        // the agent has its credential: no retry is honoured any more, and the credential keeps working
        register(bootstrap, KEY).statusCode(401);
        given().auth().oauth2(credential).get("/agent/v1/desired").then().statusCode(200);
    }

    @Test
    void revokingOrANewBootstrapTokenEndsTheRetries() {
        TestTenant tenant = TestTenant.create();
        String bootstrap = tenant.registerCluster("c1", Map.of());
        register(bootstrap, KEY).statusCode(201);
        as(tenant.admin()).post(tenant.clusters() + "/c1/credential/revoke").then().statusCode(204);
        register(bootstrap, KEY).statusCode(401); // a revoked credential is not brought back by a retry

        String second = tenant.newBootstrapToken("c1");
        register(second, KEY).statusCode(201);
        String third = tenant.newBootstrapToken("c1");
        register(second, KEY).statusCode(401); // superseded by the newer token
        register(third, KEY).statusCode(201);
    }

    @Test
    void aMalformedKeyIsRefusedByName() {
        TestTenant tenant = TestTenant.create();
        String bootstrap = tenant.registerCluster("c1", Map.of());
        register(bootstrap, "short").statusCode(400).contentType("application/problem+json")
                .body("errors[0].path", equalTo("$.idempotencyKey"));
        register(bootstrap, KEY).statusCode(201); // the refused call used nothing up
    }

    private static ValidatableResponse register(String bootstrap, String key) {
        Map<String, String> body = key == null ? Map.of("bootstrapToken", bootstrap, "agentVersion", "test")
                : Map.of("bootstrapToken", bootstrap, "agentVersion", "test", "idempotencyKey", key);
        return given().contentType("application/json").body(body).post("/agent/v1/register").then();
    }
}
