package dev.meshfleet.rollout.core;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a rollout does, resolved for the state machine: the steps every wave goes through, the waves as sets of
 * clusters (resolved from their label selectors when the rollout starts), and how analysis is judged.
 */
public record RolloutPlan(List<Step> steps, List<Wave> waves, Analysis analysis, Duration progressDeadline) {

    /** progressDeadline: how long a weight step may wait for its clusters' confirmations before a person is asked. */
    public RolloutPlan(List<Step> steps, List<Wave> waves, Analysis analysis) {
        this(steps, waves, analysis, null);
    }

    public sealed interface Step permits SetWeight, Pause, RunAnalysis {
    }

    /** Route this share of traffic (0-100) to the canary in the wave's clusters. */
    public record SetWeight(int weight) implements Step {
    }

    /** Wait this long, or until resumed when the duration is null. */
    public record Pause(Duration duration) implements Step {
    }

    /** Judge the analysis now (in addition to the background checks every interval). */
    public record RunAnalysis() implements Step {
    }

    /** bake: once the wave reached the last step, how long its canary soaks (analysis running) before the next wave. */
    public record Wave(String name, Set<String> clusters, Duration bake) {
        public Wave(String name, Set<String> clusters) {
            this(name, clusters, null);
        }
    }

    /** failureLimit: failed measurements tolerated before rollback; inconclusive pauses for a person when asked to. */
    public record Analysis(Duration interval, int failureLimit, boolean pauseOnInconclusive) {
    }

    /** A step as people read it in events and views. */
    public static String describe(Step step) {
        if (step instanceof SetWeight w) {
            return "setWeight " + w.weight();
        }
        if (step instanceof Pause p) {
            return p.duration() == null ? "pause until resumed" : "pause " + p.duration();
        }
        return "analysis";
    }
}
