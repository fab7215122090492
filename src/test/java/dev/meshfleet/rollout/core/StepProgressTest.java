package dev.meshfleet.rollout.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.meshfleet.rollout.core.RolloutState.Phase;

/** The step bookkeeping the engine does around each transition: step clock, step and phase events, finish, reopen. */
class StepProgressTest {
    static final RolloutPlan PLAN = RolloutMachineTest.PLAN;

    static RolloutState state(Phase phase, int wave, int step) {
        return new RolloutState(phase, wave, step, 0, 1, Set.of(), null, 0, null);
    }

    @Test
    void startingBeginsTheFirstStepWithoutCountingAStepBeforeIt() {
        StepProgress p = StepProgress.of(PLAN, RolloutState.initial(), state(Phase.PROGRESSING, 0, 0));
        assertTrue(p.stepStarted());
        assertFalse(p.stepCompleted());
        assertEquals(Optional.of("wave canary-region step 1/4: setWeight 20"), p.stepStartedDetail());
        assertEquals(Optional.of("PENDING -> PROGRESSING"), p.phaseChange());
        assertFalse(p.finishing());
        assertFalse(p.reopened());
    }

    @Test
    void movingOnCompletesTheStepAndDescribesTheNext() {
        StepProgress p = StepProgress.of(PLAN, state(Phase.PROGRESSING, 0, 0), state(Phase.PROGRESSING, 0, 1));
        assertTrue(p.stepStarted());
        assertTrue(p.stepCompleted());
        assertEquals(Optional.of("wave canary-region step 2/4: pause PT1M"), p.stepStartedDetail());
        assertEquals(Optional.empty(), p.phaseChange());
    }

    @Test
    void aNewWaveStartsItsFirstStep() {
        StepProgress p = StepProgress.of(PLAN, state(Phase.PROGRESSING, 0, 3), state(Phase.PROGRESSING, 1, 0));
        assertTrue(p.stepCompleted());
        assertEquals(Optional.of("wave rest step 1/4: setWeight 20"), p.stepStartedDetail());
    }

    @Test
    void aPositionPastTheStepsStartsAStepWithoutEvent() {
        // a wave baking after its last step: the clock restarts, but there is no step of the plan to name
        StepProgress p = StepProgress.of(PLAN, state(Phase.PROGRESSING, 0, 3), state(Phase.PROGRESSING, 0, 4));
        assertTrue(p.stepStarted());
        assertEquals(Optional.empty(), p.stepStartedDetail());
    }

    @Test
    void sameStepIsNoProgress() {
        StepProgress p = StepProgress.of(PLAN, state(Phase.PROGRESSING, 0, 0), state(Phase.PAUSED, 0, 0));
        assertFalse(p.stepStarted());
        assertFalse(p.stepCompleted());
        assertEquals(Optional.of("PROGRESSING -> PAUSED"), p.phaseChange());
    }

    @Test
    void finishingStartsNoStep() {
        StepProgress p = StepProgress.of(PLAN, state(Phase.PROGRESSING, 0, 1), state(Phase.SUCCEEDED, 2, 0));
        assertFalse(p.stepStarted());
        assertTrue(p.finishing());
        assertEquals(Optional.of("PROGRESSING -> SUCCEEDED"), p.phaseChange());
        assertFalse(StepProgress.of(PLAN, state(Phase.FAILED, 0, 1), state(Phase.FAILED, 0, 1)).finishing());
    }

    @Test
    void aRetryReopensAndRestartsTheFirstStep() {
        StepProgress p = StepProgress.of(PLAN, state(Phase.ABORTED, 0, 0), state(Phase.PROGRESSING, 0, 0));
        assertTrue(p.reopened());
        assertTrue(p.stepStarted());
        assertTrue(p.stepCompleted());
        assertEquals(Optional.of("wave canary-region step 1/4: setWeight 20"), p.stepStartedDetail());
    }

    @Test
    void stepsAreDescribedForPeople() {
        assertEquals("setWeight 20", RolloutPlan.describe(new RolloutPlan.SetWeight(20)));
        assertEquals("pause until resumed", RolloutPlan.describe(new RolloutPlan.Pause(null)));
        assertEquals("analysis", RolloutPlan.describe(new RolloutPlan.RunAnalysis()));
    }
}
