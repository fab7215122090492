package dev.meshfleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.rollout.core.RolloutRequest;
import dev.meshfleet.rollout.core.RolloutRequests;

/**
 * The server's built-in analysis queries ({@link RolloutRequests#query}) evaluated by a real Prometheus over Istio-shaped
 * series: they select the canary (the stable version is unhealthy on purpose), give the success rate and p99 the
 * traffic has, and have no data when there is none.
 */
class BuiltinQueriesOnPrometheusTest {
    ClusterTelemetry telemetry;

    @BeforeEach
    void setUp() throws Exception {
        telemetry = new ClusterTelemetry("queries");
    }

    @AfterEach
    void tearDown() {
        telemetry.close();
    }

    @Test
    void successRateAndLatencyOfTheCanaryOnly() throws Exception {
        telemetry.awaitData(); // 99.9 % and 120 ms, within tolerance
        Double success = telemetry.prometheus.value(ClusterTelemetry.successRateQuery());
        assertEquals(99.9, success, 0.2);
        assertEquals(120.0, telemetry.prometheus.value(ClusterTelemetry.latencyQuery()), 6.0);
        String stable = RolloutRequests.query(new RolloutRequest.MetricRequest("s", "success-rate", null, null, null),
                ClusterTelemetry.SERVICE, ClusterTelemetry.NAMESPACE, "v1", Duration.ofMinutes(1));
        assertEquals(90.0, telemetry.prometheus.value(stable), 0.5, "the stable version's own rate: 90 %");

        telemetry.canary(80.0, 900.0);
        assertEquals(80.0, telemetry.prometheus.value(ClusterTelemetry.successRateQuery()), 0.5);
        assertEquals(900.0, telemetry.prometheus.value(ClusterTelemetry.latencyQuery()), 45.0);

        telemetry.canary(99.0, null); // requests, but no latency histogram
        assertNotNull(telemetry.prometheus.value(ClusterTelemetry.successRateQuery()));
        assertNull(telemetry.prometheus.value(ClusterTelemetry.latencyQuery()));
        telemetry.canary(null, null); // no traffic at all
        assertNull(telemetry.prometheus.value(ClusterTelemetry.successRateQuery()));
    }
}
