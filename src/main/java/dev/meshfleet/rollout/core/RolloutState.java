package dev.meshfleet.rollout.core;

import java.util.Set;

/**
 * A rollout's persisted state. {@code generation} numbers every weight change the machine asks for; a step completes
 * only when every cluster of the wave confirmed that generation (agent reports of the revision carrying it), so late or
 * duplicated confirmations of older generations change nothing. {@code timer} names the one timer that may fire.
 */
public record RolloutState(Phase phase, int wave, int step, int weight, long generation, Set<String> awaiting,
        String timer, int analysisFailures, Phase pausedFrom) {

    public enum Phase {
        PENDING, PROGRESSING, PAUSED, SUCCEEDED, ABORTED, FAILED;

        public boolean finished() {
            return this == SUCCEEDED || this == ABORTED || this == FAILED;
        }
    }

    public static RolloutState initial() {
        return new RolloutState(Phase.PENDING, 0, 0, 0, 0, Set.of(), null, 0, null);
    }

    RolloutState with(Phase phase) {
        return new RolloutState(phase, wave, step, weight, generation, awaiting, timer, analysisFailures, pausedFrom);
    }

    RolloutState at(int wave, int step) {
        return new RolloutState(phase, wave, step, weight, generation, awaiting, timer, analysisFailures, pausedFrom);
    }

    RolloutState awaiting(int weight, long generation, Set<String> clusters) {
        return new RolloutState(phase, wave, step, weight, generation, Set.copyOf(clusters), null, analysisFailures, pausedFrom);
    }

    RolloutState confirmed(Set<String> stillAwaiting) {
        return new RolloutState(phase, wave, step, weight, generation, Set.copyOf(stillAwaiting), timer, analysisFailures,
                pausedFrom);
    }

    RolloutState timer(String timer) {
        return new RolloutState(phase, wave, step, weight, generation, awaiting, timer, analysisFailures, pausedFrom);
    }

    RolloutState failures(int failures) {
        return new RolloutState(phase, wave, step, weight, generation, awaiting, timer, failures, pausedFrom);
    }

    RolloutState paused(Phase from) {
        return new RolloutState(Phase.PAUSED, wave, step, weight, generation, awaiting, timer, analysisFailures, from);
    }
}
