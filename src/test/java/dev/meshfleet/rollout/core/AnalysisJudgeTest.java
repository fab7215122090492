package dev.meshfleet.rollout.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.meshfleet.rollout.core.AnalysisJudge.Measurement;
import dev.meshfleet.rollout.core.RolloutEvent.Verdict;
import dev.meshfleet.rollout.core.RolloutRequest.MetricRequest;

/** Fleet-wide judgement: any failing cluster fails the round; no data is inconclusive; missing waits until overdue. */
class AnalysisJudgeTest {
    static final List<MetricRequest> METRICS = List.of(new MetricRequest("success", "success-rate", null, 99.0, null),
            new MetricRequest("p99", "latency-p99", null, null, 500.0));
    static final List<String> SERVICES = List.of("payments");

    static List<Measurement> healthy(String cluster) {
        return List.of(new Measurement(cluster, "success", "payments", 99.9, null),
                new Measurement(cluster, "p99", "payments", 120.0, null));
    }

    @Test
    void everyClusterWithinBoundsSucceeds() {
        var all = new java.util.ArrayList<>(healthy("a"));
        all.addAll(healthy("b"));
        AnalysisJudge.Judgement j = AnalysisJudge.judge(METRICS, SERVICES, Set.of("a", "b"), all, false);
        assertEquals(Verdict.SUCCESSFUL, j.verdict());
        assertEquals(99.9, j.measurements().get("b/success/payments"));
    }

    @Test
    void oneFailingClusterFailsTheFleet() {
        var all = new java.util.ArrayList<>(healthy("a"));
        all.add(new Measurement("b", "success", "payments", 97.0, null));
        all.add(new Measurement("b", "p99", "payments", 900.0, null));
        AnalysisJudge.Judgement j = AnalysisJudge.judge(METRICS, SERVICES, Set.of("a", "b"), all, false);
        assertEquals(Verdict.FAILED, j.verdict());
        assertEquals(2, j.reasons().size(), j.reasons().toString());
        assertTrue(j.reasons().get(0).startsWith("b/"), j.reasons().toString());
    }

    @Test
    void noDataIsInconclusiveAndMissingWaitsUntilOverdue() {
        var noData = List.of(new Measurement("a", "success", "payments", null, null),
                new Measurement("a", "p99", "payments", 100.0, null));
        assertEquals(Verdict.INCONCLUSIVE, AnalysisJudge.judge(METRICS, SERVICES, Set.of("a"), noData, false).verdict());
        assertNull(AnalysisJudge.judge(METRICS, SERVICES, Set.of("a", "b"), healthy("a"), false), "b has not measured yet");
        assertEquals(Verdict.INCONCLUSIVE, AnalysisJudge.judge(METRICS, SERVICES, Set.of("a", "b"), healthy("a"), true).verdict());
        var newestFirst = new java.util.ArrayList<Measurement>();
        newestFirst.add(new Measurement("a", "success", "payments", 99.5, null));
        newestFirst.addAll(List.of(new Measurement("a", "success", "payments", 10.0, null),
                new Measurement("a", "p99", "payments", 10.0, null)));
        assertEquals(Verdict.SUCCESSFUL, AnalysisJudge.judge(METRICS, SERVICES, Set.of("a"), newestFirst, false).verdict(),
                "the newest value of each metric counts");
    }
}
