package dev.meshfleet.rollout.core;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.meshfleet.rollout.core.RolloutState.Phase;

/**
 * Which measurements one fleet-wide analysis round judges, pure: the clusters that carry confirmed canary traffic, each
 * from the later of its confirmation and the last judgement (older values describe other weights), and whether the
 * round is overdue (its newest start more than three intervals ago, or unknown): then missing values no longer hold
 * the verdict back.
 *
 * @param since per cluster id, the instant its measurements count from (null: all of them)
 * @param clusters per cluster id, its name
 */
public record AnalysisRound(Map<UUID, OffsetDateTime> since, Map<UUID, String> clusters, boolean overdue) {
    /** The engine's own recurring timer: judge the latest measurements every analysis interval. */
    public static final String JUDGE_TIMER = "judge";

    /** Whether a rollout judges at all now: it has an analysis and progresses (a paused one waits for a person). */
    public static boolean judging(RolloutRequest request, RolloutState state) {
        return request.analysis() != null && state.phase() == Phase.PROGRESSING;
    }

    /** Whether the judge timer should be armed (it is cancelled otherwise); only for rollouts with an analysis. */
    public static boolean judgeArmed(RolloutState state) {
        return state.phase() == Phase.PROGRESSING;
    }

    /**
     * The round to judge now, or empty when there is nothing to judge: no cluster carries confirmed canary traffic and no
     * analysis step waits for a verdict (an analysis step is judged even then: inconclusive).
     */
    public static Optional<AnalysisRound> of(RolloutState state, Duration interval, List<ClusterWeight> clusters,
            OffsetDateTime lastJudged, OffsetDateTime now) {
        Map<UUID, OffsetDateTime> since = new HashMap<>();
        Map<UUID, String> names = new HashMap<>();
        OffsetDateTime newestStart = lastJudged;
        for (ClusterWeight c : clusters) {
            if (c.carriesConfirmedCanary()) {
                OffsetDateTime from = lastJudged == null || (c.confirmedAt() != null && c.confirmedAt().isAfter(lastJudged))
                        ? c.confirmedAt() : lastJudged;
                since.put(c.clusterId(), from);
                names.put(c.clusterId(), c.cluster());
                if (from != null && (newestStart == null || from.isAfter(newestStart))) {
                    newestStart = from;
                }
            }
        }
        boolean analysisStep = state.timer() != null && state.timer().startsWith("analysis/");
        if (since.isEmpty() && !analysisStep) {
            return Optional.empty(); // nothing carries canary traffic: nothing to judge in the background
        }
        boolean overdue = newestStart == null
                || Duration.between(newestStart, now).compareTo(interval.multipliedBy(3)) > 0;
        return Optional.of(new AnalysisRound(since, names, overdue));
    }

    /** The names of the clusters judged. */
    public Set<String> clusterNames() {
        return Set.copyOf(clusters.values());
    }

    /** A judgement as recorded: values by key (NaN written as "no data"), and the reasons. */
    public static Map<String, Object> recorded(AnalysisJudge.Judgement judgement) {
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("values", judgement.measurements().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().isNaN() ? "no data" : (Object) e.getValue(), (a, b) -> a, TreeMap::new)));
        recorded.put("reasons", judgement.reasons());
        return recorded;
    }

    /** A judgement as its event tells it: the verdict and, unless successful, why. */
    public static String detail(AnalysisJudge.Judgement judgement) {
        return judgement.verdict() + (judgement.reasons().isEmpty() ? "" : ": " + String.join("; ", judgement.reasons()));
    }
}
