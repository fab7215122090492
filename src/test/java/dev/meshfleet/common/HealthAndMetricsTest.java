package dev.meshfleet.common;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.meshfleet.rollout.store.Rollout;
import dev.meshfleet.rollout.engine.RolloutMetrics;
import dev.meshfleet.rollout.core.RolloutState;
import dev.meshfleet.support.Api;
import dev.meshfleet.tenancy.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Health and metrics are served on the management interface only: its own port, never the API port. */
@QuarkusTest
class HealthAndMetricsTest {
    @TestHTTPResource("/")
    URL api;

    @TestHTTPResource(value = "health/live", management = true)
    URL live;

    @TestHTTPResource(value = "health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Inject
    RolloutMetrics rolloutMetrics;

    @Test
    void readinessChecksPostgresAndKafka() {
        RestAssured.get(live).then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.get(ready).then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("Kafka connection health check"));
    }

    @Test
    void prometheusMetricsAreServedOnTheManagementPortOnly() {
        assertNotEquals(api.getPort(), metrics.getPort(), "the management interface has a port of its own");
        RestAssured.get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live")) {
            RestAssured.get(path).then().statusCode(404);
        }
        RestAssured.get("/q/openapi").then().statusCode(200); // the API's own description stays with the API
    }

    @Test
    void rolloutSeriesCarryTheTenantSoEqualMeshNamesDoNotCollide() {
        String first = Api.tenantWithAdmin(Api.uniqueName("owner"));
        String second = Api.tenantWithAdmin(Api.uniqueName("owner"));
        Map<String, UUID> rollouts = Map.of(first, observedRollout(first), second, observedRollout(second));
        String scraped = RestAssured.get(metrics).then().statusCode(200).extract().asString();
        rollouts.forEach((tenant, id) -> {
            List<String> series = scraped.lines().filter(l -> l.startsWith("meshfleet_rollout_phase{")
                    && l.contains("rollout=\"" + id + "\"")).toList();
            assertTrue(!series.isEmpty() && series.stream().allMatch(l -> l.contains("tenant=\"" + tenant + "\"")
                    && l.contains("mesh=\"payments\"")), series.toString());
        });
    }

    /** A rollout of mesh "payments" in the tenant, as the engine reports it to the metrics. */
    private UUID observedRollout(String tenant) {
        Rollout rollout = new Rollout();
        rollout.id = UUID.randomUUID();
        rollout.tenantId = QuarkusTransaction.requiringNew().call(() -> Tenant.findByName(tenant).orElseThrow().id);
        rollout.services = List.of("payment-service");
        rolloutMetrics.observe(rollout, "payments", RolloutState.initial());
        return rollout.id;
    }
}
