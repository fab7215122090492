package dev.meshfleet.common.error;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.SseReader;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With every pooled database connection taken: a request that waits the pool's whole acquisition timeout is answered
 * 503 with Retry-After, not 500 (10,000 agents connecting at once to three replicas got 665 "internal errors" for
 * this); and agents' streams still get their heartbeats on time (the database work of each round once delayed them by
 * two acquisition timeouts, and thousands of agents took their replica for dead).
 */
@QuarkusTest
@TestProfile(DatabaseBusyTest.SmallPool.class)
class DatabaseBusyTest {
    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // heartbeats every second (an agent leaves after 2 s of silence); a connection waited for up to 3 s: a
            // heartbeat round that waited on the database would leave a gap of at least 4 s
            return Map.of("quarkus.datasource.jdbc.max-size", "3", "quarkus.datasource.jdbc.acquisition-timeout", "PT3S",
                    "meshfleet.agent.heartbeat-interval", "PT1S");
        }
    }

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/agent/v1/stream")
    URL stream;

    @Test
    void aRequestFindingNoFreeConnectionIsToldToRetry() throws Exception {
        TestTenant tenant = TestTenant.create();
        String bootstrap = tenant.registerCluster("c1", Map.of());
        List<Connection> held = takeEveryConnection();
        try {
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

    @Test
    void heartbeatsKeepTheirPeriodWhileNoConnectionIsFree() throws Exception {
        TestTenant tenant = TestTenant.create();
        String credential = AgentBootstrap.credential(tenant.registerCluster("c2", Map.of()), "test");
        try (SseReader agent = new SseReader(stream.toString(), "Bearer " + credential)) {
            Await.until("the stream opened", Duration.ofSeconds(15), () -> agent.names().contains("desired"));
            List<Connection> held = takeEveryConnection();
            long takenAt = System.nanoTime();
            try {
                // 6 s without a free connection: each upkeep round waits out the acquisition timeout
                Await.until("6 s of heartbeats", Duration.ofSeconds(30), () -> heartbeatsSince(agent, takenAt).size() >= 6);
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
            List<Long> beats = heartbeatsSince(agent, takenAt);
            long previous = takenAt;
            for (long at : beats) {
                // an agent leaves a stream silent for two periods (2 s)
                assertTrue(at - previous < 2_000_000_000L, "a heartbeat came " + (at - previous) / 1_000_000 + " ms after "
                        + "the one before while no database connection was free");
                previous = at;
            }
        }
    }

    private static List<Long> heartbeatsSince(SseReader agent, long since) {
        return agent.events.stream().filter(e -> e.name().equals("heartbeat") && e.receivedNanos() > since)
                .map(SseReader.Event::receivedNanos).toList();
    }

    /** Takes the pool's 3 connections (background work may hold one for a moment: keep asking). */
    private List<Connection> takeEveryConnection() throws java.sql.SQLException {
        List<Connection> held = new ArrayList<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (held.size() < 3 && System.nanoTime() < deadline) {
            try {
                held.add(dataSource.getConnection());
            } catch (java.sql.SQLException busy) {
                // taken by background work right now: ask again
            }
        }
        if (held.size() < 3) {
            for (Connection c : held) {
                c.close();
            }
            throw new AssertionError("could not take the pool's 3 connections");
        }
        return held;
    }
}
