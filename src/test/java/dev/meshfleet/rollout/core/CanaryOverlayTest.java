package dev.meshfleet.rollout.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.meshfleet.intent.model.MeshIntent;

/** A rollout's weight on one cluster as delivery lays it over intent, and what that cluster's agent measures. */
class CanaryOverlayTest {
    static final MeshIntent SEED = RolloutRequestsTest.SEED;
    static final RolloutRequest.AnalysisRequest ANALYSIS = new RolloutRequest.AnalysisRequest("30s", 1, null, List.of(
            new RolloutRequest.MetricRequest("success-rate", "success-rate", null, 99.0, null),
            new RolloutRequest.MetricRequest("latency", "latency-p99", null, null, 500.0)));

    static CanaryOverlay overlay(int weight, boolean analyzing, RolloutRequest.AnalysisRequest analysis) {
        return new CanaryOverlay(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), List.of("payment-service"), "v1",
                "v2", weight, 3, analyzing, analysis, "http://prometheus:9090");
    }

    @Test
    void laysItsWeightOverTheIntentAsTheWeightOverlayDoes() {
        assertEquals(WeightOverlay.apply(SEED, List.of("payment-service"), "v1", "v2", 30),
                overlay(30, false, null).apply(SEED));
    }

    @Test
    void measuresNothingUnlessAnalysing() {
        assertTrue(overlay(30, false, ANALYSIS).queries(SEED).isEmpty());
    }

    @Test
    void measuresEveryMetricOfEveryServiceOverAtLeastAMinute() {
        CanaryOverlay o = overlay(30, true, ANALYSIS);
        assertEquals(Duration.ofSeconds(30), o.interval());
        Map<String, String> queries = o.queries(SEED);
        assertEquals(List.of("latency/payment-service", "success-rate/payment-service"), List.copyOf(queries.keySet()));
        assertEquals(RolloutRequests.query(ANALYSIS.metrics().get(0), "payment-service", "production", "v2",
                Duration.ofMinutes(1)), queries.get("success-rate/payment-service"));
        assertTrue(queries.get("latency/payment-service").contains("[60s]"), queries.toString());
    }

    @Test
    void theIntervalDefaultsToAMinute() {
        assertEquals(Duration.ofMinutes(1), overlay(30, true, new RolloutRequest.AnalysisRequest(null, null, null,
                List.of())).interval());
    }
}
