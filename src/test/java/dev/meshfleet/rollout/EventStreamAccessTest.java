package dev.meshfleet.rollout;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.Await;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.SseReader;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A rollout event stream outlives the request that checked its caller, so it checks again while open (every second in
 * tests, meshfleet.rollout.events-access-check): a removed viewer or an expired token ends it with 'access-ended'.
 */
@QuarkusTest
class EventStreamAccessTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL base;

    TestTenant tenant;
    String admin;
    String events;

    @BeforeEach
    void rollout() {
        tenant = TestTenant.create();
        admin = tenant.admin();
        tenant.registerCluster("c1", Map.of("env", "prod"));
        tenant.createMesh("payments");
        tenant.putFirstIntent("payments", Seeds.PAYMENTS);
        String id = as(admin).body(Map.of("services", List.of("payment-service"), "stableVersion", "v1",
                "canaryVersion", "v2", "steps", List.of(Map.of("setWeight", 10), Map.of("setWeight", 100))))
                .post(tenant.mesh("payments") + "/rollouts").then().statusCode(201).extract().path("id");
        events = base + tenant.mesh("payments").substring(1) + "/rollouts/" + id + "/events";
    }

    private static SseReader watch(String url, String token) {
        SseReader reader = new SseReader(url, "Bearer " + token);
        Await.until("the stored events replayed", WITHIN, () -> !reader.events.isEmpty());
        assertEquals(200, reader.status());
        return reader;
    }

    private static void assertEndedBecause(SseReader reader, String why) {
        Await.until("the stream ended", WITHIN, reader::ended);
        SseReader.Event last = reader.events.get(reader.events.size() - 1);
        assertEquals("access-ended", last.name(), reader.names().toString());
        assertTrue(last.data().contains(why), last.data());
    }

    @Test
    void aViewerRemovedFromTheTenantStopsReceivingEvents() {
        TestTenant.Member viewer = tenant.addMember("viewer", "viewer");
        try (SseReader viewing = watch(events, viewer.token());
                SseReader administering = watch(events, admin)) {
            String memberId = as(admin).get(tenant.path() + "/members").then().statusCode(200).extract()
                    .path("items.find { it.subject == '" + viewer.subject() + "' }.id");
            as(admin).delete(tenant.path() + "/members/" + memberId).then().statusCode(204);

            assertEndedBecause(viewing, "no longer a member");
            assertFalse(administering.ended(), "the admin is still a member: their stream stays");
        }
    }

    @Test
    void aStreamEndsWhenItsTokenExpires() {
        TestTenant.Member viewer = tenant.addMember("viewer", "viewer");
        Instant expiry = Instant.now().plusSeconds(4);
        try (SseReader viewing = watch(events, TestTokens.expiringIn(Duration.ofSeconds(4), viewer.subject()))) {
            assertEndedBecause(viewing, "expired");
            assertTrue(!Instant.now().isBefore(expiry.minusSeconds(1)), "not before the token expired");
        }
    }
}
