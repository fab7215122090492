package dev.meshfleet.rollout.core;

import java.util.Map;

/** What can happen to a rollout: commands from people, confirmations from agents, timers and analysis results. */
public sealed interface RolloutEvent {
    record Start() implements RolloutEvent {
    }

    /** A cluster's agent applied the desired state carrying weight generation {@code generation}. */
    record Applied(String cluster, long generation) implements RolloutEvent {
    }

    /** A persisted timer fired. */
    record TimerFired(String timer) implements RolloutEvent {
    }

    enum Verdict {
        SUCCESSFUL, FAILED, INCONCLUSIVE
    }

    /** A fleet-wide judgement of one round of measurements (any failing cluster fails it). */
    record AnalysisResult(Verdict verdict, Map<String, Double> measurements) implements RolloutEvent {
    }

    record Pause() implements RolloutEvent {
    }

    record Resume() implements RolloutEvent {
    }

    /** Finish now: every cluster straight to 100 % canary. */
    record Promote() implements RolloutEvent {
    }

    /** Every cluster back to 100 % stable at once. */
    record Abort(String reason) implements RolloutEvent {
    }

    /**
     * What would have completed the rollout came, but its outcome cannot be written as a revision of the mesh (the
     * intent's checks refuse it): the rollout fails instead, every cluster back to stable.
     */
    record OutcomeRefused(String reason) implements RolloutEvent {
    }

    /** Start an aborted or failed rollout again from its first step. */
    record Retry() implements RolloutEvent {
    }
}
