package dev.meshfleet.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * An agent's first call: its cluster's one-time bootstrap token (from {@link TestTenant#registerCluster(String, Map)}
 * or {@link TestTenant#newBootstrapToken}) exchanged for the agent's credential at POST /agent/v1/register.
 */
public final class AgentBootstrap {
    private AgentBootstrap() {
    }

    /** Registers as an agent of this version; the 201 answer carries the credential. */
    public static ValidatableResponse register(String bootstrapToken, String agentVersion) {
        return given().contentType(ContentType.JSON).body(Map.of("bootstrapToken", bootstrapToken, "agentVersion",
                agentVersion)).post("/agent/v1/register").then().statusCode(201);
    }

    /** Registers as an agent of this version and returns its credential. */
    public static String credential(String bootstrapToken, String agentVersion) {
        return register(bootstrapToken, agentVersion).extract().path("credential");
    }

    /** Registers as an agent that does not say its version and returns its credential. */
    public static String credential(String bootstrapToken) {
        return given().contentType(ContentType.JSON).body(Map.of("bootstrapToken", bootstrapToken))
                .post("/agent/v1/register").then().statusCode(201).extract().path("credential");
    }
}
