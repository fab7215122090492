package dev.meshfleet.rollout.core;

import java.util.Optional;

import dev.meshfleet.rollout.core.RolloutState.Phase;

/**
 * What one transition means for a rollout's bookkeeping beyond its state, pure: whether a new step started (the step
 * clock restarts; the previous step's duration counts unless the rollout was only starting), the events that tell it,
 * and whether the rollout finished or was reopened (a retry).
 *
 * @param stepStarted the rollout moved to another step or wave, started, or was retried, and is not finished
 * @param stepCompleted a step that was running completed (its duration is worth recording)
 * @param stepStartedDetail the "step-started" event's detail, when the new position is a step of the plan
 * @param phaseChange the "phase" event's detail, when the phase changed
 * @param finishing the rollout finished with this transition
 * @param reopened a finished rollout runs again (a retry): it holds its services' routes again
 */
public record StepProgress(boolean stepStarted, boolean stepCompleted, Optional<String> stepStartedDetail,
        Optional<String> phaseChange, boolean finishing, boolean reopened) {

    public static StepProgress of(RolloutPlan plan, RolloutState before, RolloutState after) {
        boolean moved = before.wave() != after.wave() || before.step() != after.step()
                || (before.phase() == Phase.PENDING && after.phase() == Phase.PROGRESSING)
                || (before.phase().finished() && !after.phase().finished());
        boolean started = moved && !after.phase().finished();
        Optional<String> detail = Optional.empty();
        if (started && after.wave() < plan.waves().size() && after.step() < plan.steps().size()) {
            detail = Optional.of("wave " + plan.waves().get(after.wave()).name() + " step " + (after.step() + 1) + "/"
                    + plan.steps().size() + ": " + RolloutPlan.describe(plan.steps().get(after.step())));
        }
        Optional<String> phase = before.phase() == after.phase() ? Optional.empty()
                : Optional.of(before.phase() + " -> " + after.phase());
        return new StepProgress(started, started && before.phase() != Phase.PENDING, detail, phase,
                after.phase().finished() && !before.phase().finished(),
                before.phase().finished() && !after.phase().finished());
    }
}
