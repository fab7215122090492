package dev.meshfleet.rollout.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.meshfleet.rollout.core.RolloutEvent.Verdict;
import dev.meshfleet.rollout.core.RolloutState.Phase;

/** Which clusters and measurements an analysis round judges, and when it is overdue. */
class AnalysisRoundTest {
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-01-01T12:00:00Z");
    static final UUID EU = UUID.randomUUID(), US = UUID.randomUUID(), AP = UUID.randomUUID();

    static RolloutState progressing(String timer) {
        return new RolloutState(Phase.PROGRESSING, 0, 0, 20, 2, Set.of(), timer, 0, null);
    }

    static ClusterWeight cluster(UUID id, String name, int weight, long generation, long confirmed, Integer confirmedWeight,
            OffsetDateTime at) {
        return new ClusterWeight(id, name, 0, weight, generation, confirmed, confirmedWeight, 1, at);
    }

    @Test
    void judgesOnlyClustersCarryingConfirmedCanaryTraffic() {
        OffsetDateTime confirmed = NOW.minusSeconds(40);
        List<ClusterWeight> clusters = List.of(
                cluster(EU, "eu-1", 20, 2, 2, 20, confirmed), // confirmed the current generation at 20 %
                cluster(US, "us-1", 20, 2, 1, 0, confirmed), // still at an older generation
                cluster(AP, "ap-1", 0, 0, 0, null, null)); // not started
        AnalysisRound round = AnalysisRound.of(progressing(null), INTERVAL, clusters, null, NOW).orElseThrow();
        assertEquals(Map.of(EU, "eu-1"), round.clusters());
        assertEquals(Set.of("eu-1"), round.clusterNames());
        assertEquals(confirmed, round.since().get(EU));
        assertFalse(round.overdue());
    }

    @Test
    void measurementsCountFromTheLaterOfConfirmationAndLastJudgement() {
        OffsetDateTime lastJudged = NOW.minusSeconds(20);
        List<ClusterWeight> clusters = List.of(cluster(EU, "eu-1", 20, 2, 2, 20, NOW.minusSeconds(100)),
                cluster(US, "us-1", 20, 2, 2, 20, NOW.minusSeconds(10)));
        AnalysisRound round = AnalysisRound.of(progressing(null), INTERVAL, clusters, lastJudged, NOW).orElseThrow();
        assertEquals(lastJudged, round.since().get(EU));
        assertEquals(NOW.minusSeconds(10), round.since().get(US));
        assertFalse(round.overdue());
    }

    @Test
    void overdueAfterThreeIntervalsOrWhenNothingSaysSince() {
        List<ClusterWeight> old = List.of(cluster(EU, "eu-1", 20, 2, 2, 20, NOW.minusSeconds(91)));
        assertTrue(AnalysisRound.of(progressing(null), INTERVAL, old, null, NOW).orElseThrow().overdue());
        List<ClusterWeight> recent = List.of(cluster(EU, "eu-1", 20, 2, 2, 20, NOW.minusSeconds(89)));
        assertFalse(AnalysisRound.of(progressing(null), INTERVAL, recent, null, NOW).orElseThrow().overdue());
        List<ClusterWeight> unknown = List.of(cluster(EU, "eu-1", 20, 2, 2, 20, null));
        assertTrue(AnalysisRound.of(progressing(null), INTERVAL, unknown, null, NOW).orElseThrow().overdue());
    }

    @Test
    void nothingToJudgeWithoutCanaryTrafficUnlessAnAnalysisStepWaits() {
        List<ClusterWeight> none = List.of(cluster(EU, "eu-1", 20, 2, 1, 0, NOW.minusSeconds(5)));
        assertTrue(AnalysisRound.of(progressing(null), INTERVAL, none, null, NOW).isEmpty());
        assertTrue(AnalysisRound.of(progressing("pause/2/0/1"), INTERVAL, none, null, NOW).isEmpty());
        AnalysisRound step = AnalysisRound.of(progressing("analysis/2/0/2"), INTERVAL, none, null, NOW).orElseThrow();
        assertTrue(step.clusters().isEmpty());
        assertTrue(step.overdue());
    }

    @Test
    void judgesOnlyWhileProgressingWithAnAnalysis() {
        RolloutRequest.AnalysisRequest analysis = new RolloutRequest.AnalysisRequest("30s", 1, null, List.of());
        RolloutRequest with = new RolloutRequest(List.of("reviews"), "v1", "v2", List.of(), analysis, null);
        RolloutRequest without = new RolloutRequest(List.of("reviews"), "v1", "v2", List.of(), null, null);
        assertTrue(AnalysisRound.judging(with, progressing(null)));
        assertFalse(AnalysisRound.judging(without, progressing(null)));
        RolloutState paused = progressing(null).paused(Phase.PROGRESSING);
        assertFalse(AnalysisRound.judging(with, paused));
        assertTrue(AnalysisRound.judgeArmed(progressing(null)));
        assertFalse(AnalysisRound.judgeArmed(paused));
    }

    @Test
    void aJudgementIsRecordedWithNoDataSpelledOut() {
        AnalysisJudge.Judgement j = new AnalysisJudge.Judgement(Verdict.INCONCLUSIVE,
                Map.of("eu-1/success-rate/reviews", Double.NaN, "eu-1/latency-p99/reviews", 12.5),
                List.of("eu-1/success-rate/reviews: no data"));
        Map<String, Object> recorded = AnalysisRound.recorded(j);
        assertEquals(Map.of("eu-1/latency-p99/reviews", 12.5, "eu-1/success-rate/reviews", "no data"),
                recorded.get("values"));
        assertEquals(List.of("eu-1/success-rate/reviews: no data"), recorded.get("reasons"));
        assertEquals("INCONCLUSIVE: eu-1/success-rate/reviews: no data", AnalysisRound.detail(j));
        assertEquals("SUCCESSFUL", AnalysisRound.detail(new AnalysisJudge.Judgement(Verdict.SUCCESSFUL, Map.of(),
                List.of())));
    }
}
