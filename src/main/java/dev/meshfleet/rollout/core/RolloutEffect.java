package dev.meshfleet.rollout.core;

import java.time.Duration;
import java.util.Set;

/** What the engine must do after a transition (in the same transaction, through the outbox). */
public sealed interface RolloutEffect {
    /** Make these clusters route {@code weight} % to the canary, as weight generation {@code generation}. */
    record SetWeights(Set<String> clusters, int weight, long generation) implements RolloutEffect {
    }

    record StartTimer(String timer, Duration after) implements RolloutEffect {
    }

    record RunAnalysis() implements RolloutEffect {
    }

    /** An event for people and dashboards (meshfleet.rollout.events). */
    record Announce(String type, String detail) implements RolloutEffect {
    }
}
