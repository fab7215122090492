package dev.meshfleet.common.error;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A request that finds every pooled database connection taken for the pool's whole acquisition timeout is answered 503
 * with Retry-After, not 500: 10,000 agents connecting at once to three replicas got 665 "internal errors" for this.
 */
@QuarkusTest
@TestProfile(DatabaseBusyTest.SmallPool.class)
class DatabaseBusyTest {
    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", "3", "quarkus.datasource.jdbc.acquisition-timeout", "PT1S");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aRequestFindingNoFreeConnectionIsToldToRetry() throws Exception {
        TestTenant tenant = TestTenant.create();
        String bootstrap = tenant.registerCluster("c1", Map.of());
        List<Connection> held = new ArrayList<>();
        try {
            // take every connection of the pool (background work may hold one for a moment: keep asking)
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (held.size() < 3 && System.nanoTime() < deadline) {
                try {
                    held.add(dataSource.getConnection());
                } catch (java.sql.SQLException busy) {
                    // taken by background work right now: ask again
                }
            }
            if (held.size() < 3) {
                throw new AssertionError("could not take the pool's 3 connections");
            }
            given().contentType("application/json").body(Map.of("bootstrapToken", bootstrap, "agentVersion", "test"))
                    .post("/agent/v1/register").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5").body("type", equalTo("https://meshfleet.dev/problems/unavailable"));
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        // and once connections are free, the same token still registers: the refused attempt changed nothing
        given().contentType("application/json").body(Map.of("bootstrapToken", bootstrap, "agentVersion", "test"))
                .post("/agent/v1/register").then().statusCode(201);
    }
}
