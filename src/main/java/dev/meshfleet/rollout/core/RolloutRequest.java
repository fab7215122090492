package dev.meshfleet.rollout.core;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.meshfleet.common.labels.Placement;

/**
 * A rollout as people ask for it: which services move together from the stable to the canary version, the steps each
 * wave goes through, how the canary is judged, and the waves (ordered cluster selectors; none = one wave of every
 * cluster the mesh targets). progressDeadline (default 10m): how long a weight step waits for every cluster of its wave
 * to confirm before the rollout pauses for a person (a cluster down or failing to apply); "none" waits for ever.
 * Shown back without the fields left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutRequest(List<String> services, String stableVersion, String canaryVersion, List<StepRequest> steps,
        AnalysisRequest analysis, List<WaveRequest> waves, String progressDeadline) {

    public RolloutRequest(List<String> services, String stableVersion, String canaryVersion, List<StepRequest> steps,
            AnalysisRequest analysis, List<WaveRequest> waves) {
        this(services, stableVersion, canaryVersion, steps, analysis, waves, null);
    }

    /** Exactly one of the three. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepRequest(Integer setWeight, PauseRequest pause, AnalysisStepRequest analysis) {
    }

    /** A pause for a duration, or until resumed when the duration is left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PauseRequest(String duration) {
    }

    public record AnalysisStepRequest() {
    }

    /** inconclusive: "pause" (a person decides, the default) or "continue". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AnalysisRequest(String interval, Integer failureLimit, String inconclusive, List<MetricRequest> metrics) {
    }

    /**
     * A metric: a built-in from Istio's standard metrics ("success-rate" in %, "latency-p99" in ms) or a custom PromQL
     * query; it passes when the value is within [min, max]. No data is inconclusive.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MetricRequest(String name, String builtin, String query, Double min, Double max) {
    }

    /** bake: how long the wave's canary soaks at its final weight (analysis running) before the next wave starts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WaveRequest(String name, Placement clusters, String bake) {
    }
}
