package dev.meshfleet.rollout.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.meshfleet.rollout.core.RolloutEffect.SetWeights;
import dev.meshfleet.rollout.core.RolloutEffect.StartTimer;
import dev.meshfleet.rollout.core.RolloutEvent.AnalysisResult;
import dev.meshfleet.rollout.core.RolloutEvent.Applied;
import dev.meshfleet.rollout.core.RolloutEvent.Verdict;
import dev.meshfleet.rollout.core.RolloutMachine.Transition;
import dev.meshfleet.rollout.core.RolloutPlan.Pause;
import dev.meshfleet.rollout.core.RolloutPlan.RunAnalysis;
import dev.meshfleet.rollout.core.RolloutPlan.SetWeight;
import dev.meshfleet.rollout.core.RolloutPlan.Wave;
import dev.meshfleet.rollout.core.RolloutState.Phase;

/** The rollout state machine on its own: 2 waves over 3 clusters, gates, timers, analysis, actions, duplicates. */
class RolloutMachineTest {
    static final RolloutPlan PLAN = new RolloutPlan(
            List.of(new SetWeight(20), new Pause(Duration.ofMinutes(1)), new RunAnalysis(), new SetWeight(100)),
            List.of(new Wave("canary-region", Set.of("eu-1")), new Wave("rest", Set.of("us-1", "ap-1"))),
            new RolloutPlan.Analysis(Duration.ofSeconds(30), 1, true));

    /** Applies events in order, collecting every effect. */
    static final class Run {
        RolloutState state = RolloutState.initial();
        final List<RolloutEffect> effects = new ArrayList<>();

        Run on(RolloutEvent event) {
            Transition t = RolloutMachine.next(PLAN, state, event);
            state = t.state();
            effects.addAll(t.effects());
            return this;
        }

        SetWeights lastWeights() {
            for (int i = effects.size() - 1; i >= 0; i--) {
                if (effects.get(i) instanceof SetWeights w) {
                    return w;
                }
            }
            throw new AssertionError("no weights set");
        }

        String lastTimer() {
            for (int i = effects.size() - 1; i >= 0; i--) {
                if (effects.get(i) instanceof StartTimer t) {
                    return t.timer();
                }
            }
            throw new AssertionError("no timer");
        }

        Run confirmAll() {
            SetWeights w = lastWeights();
            w.clusters().forEach(c -> on(new Applied(c, w.generation())));
            return this;
        }
    }

    @Test
    void twoWavesToOneHundredPercentGatedOnEveryConfirmation() {
        Run run = new Run().on(new RolloutEvent.Start());
        assertEquals(new SetWeights(Set.of("eu-1"), 20, 1), run.lastWeights());
        assertEquals(Phase.PROGRESSING, run.state.phase());

        run.confirmAll();
        assertEquals(1, run.state.step(), "weight confirmed: on to the pause");
        run.on(new RolloutEvent.TimerFired(run.lastTimer()));
        assertEquals(2, run.state.step(), "pause over: analysis");
        assertTrue(run.effects.contains(new RolloutEffect.RunAnalysis()));
        run.on(new AnalysisResult(Verdict.SUCCESSFUL, Map.of("success-rate", 99.9)));
        assertEquals(new SetWeights(Set.of("eu-1"), 100, 2), run.lastWeights());
        run.confirmAll();

        // wave 2 starts only now, with both of its clusters
        assertEquals(1, run.state.wave());
        SetWeights second = run.lastWeights();
        assertEquals(new SetWeights(Set.of("us-1", "ap-1"), 20, 3), second);
        run.on(new Applied("us-1", 3));
        assertEquals(0, run.state.step(), "one of two clusters confirmed: still waiting");
        run.on(new Applied("ap-1", 3));
        assertEquals(1, run.state.step());
        run.on(new RolloutEvent.TimerFired(run.lastTimer()))
                .on(new AnalysisResult(Verdict.SUCCESSFUL, Map.of()))
                .confirmAll();
        assertEquals(Phase.SUCCEEDED, run.state.phase());
        assertEquals(100, run.state.weight());
    }

    @Test
    void duplicatesStaleConfirmationsAndOldTimersChangeNothing() {
        Run run = new Run().on(new RolloutEvent.Start()).on(new RolloutEvent.Start());
        assertEquals(1, run.effects.stream().filter(e -> e instanceof SetWeights).count(), "a duplicated start");
        RolloutState before = run.state;
        run.on(new Applied("eu-1", 0)).on(new Applied("nowhere", 1)).on(new RolloutEvent.TimerFired("pause/0/0/1"));
        assertEquals(before, run.state);
        run.confirmAll();
        String timer = run.lastTimer();
        RolloutState waiting = run.state;
        run.on(new Applied("eu-1", 1)); // redelivered confirmation of the finished step
        assertEquals(waiting, run.state);
        run.on(new RolloutEvent.TimerFired(timer)).on(new RolloutEvent.TimerFired(timer));
        assertEquals(2, run.state.step(), "the second delivery of the timer did not skip the analysis");
    }

    @Test
    void failedAnalysisBeyondTheLimitSendsEveryShiftedClusterBackToStable() {
        Run run = new Run().on(new RolloutEvent.Start()).confirmAll();
        run.on(new RolloutEvent.TimerFired(run.lastTimer()))
                .on(new AnalysisResult(Verdict.SUCCESSFUL, Map.of())).confirmAll(); // wave 1 at 100 %
        run.confirmAll(); // wave 2 at 20 %
        run.on(new AnalysisResult(Verdict.FAILED, Map.of("success-rate", 91.0)));
        assertEquals(Phase.PROGRESSING, run.state.phase(), "one failure is tolerated");
        run.on(new AnalysisResult(Verdict.FAILED, Map.of("success-rate", 88.0)));
        assertEquals(Phase.FAILED, run.state.phase());
        SetWeights rollback = run.lastWeights();
        assertEquals(Set.of("eu-1", "us-1", "ap-1"), rollback.clusters());
        assertEquals(0, rollback.weight());
        RolloutState failed = run.state;
        run.on(new RolloutEvent.Resume()).on(new RolloutEvent.Promote()).on(new RolloutEvent.TimerFired("x"));
        assertEquals(failed, run.state, "a finished rollout only takes a retry");
    }

    @Test
    void abortDuringTheSecondWaveReturnsBothWavesToStable() {
        Run run = new Run().on(new RolloutEvent.Start()).confirmAll();
        run.on(new RolloutEvent.TimerFired(run.lastTimer())).on(new AnalysisResult(Verdict.SUCCESSFUL, Map.of()))
                .confirmAll();
        assertEquals(1, run.state.wave());
        run.on(new RolloutEvent.Abort("latency spike"));
        assertEquals(Phase.ABORTED, run.state.phase());
        assertEquals(new SetWeights(Set.of("eu-1", "us-1", "ap-1"), 0, 4), run.lastWeights());

        run.on(new RolloutEvent.Retry());
        assertEquals(Phase.PROGRESSING, run.state.phase());
        assertEquals(new SetWeights(Set.of("eu-1"), 20, 5), run.lastWeights(), "a retry starts over, new generation");
    }

    @Test
    void abortInTheFirstWaveTouchesOnlyItsClusters() {
        Run run = new Run().on(new RolloutEvent.Start()).on(new RolloutEvent.Abort("no"));
        assertEquals(Set.of("eu-1"), run.lastWeights().clusters());
    }

    @Test
    void promoteFinishesEverywhereAtOnce() {
        Run run = new Run().on(new RolloutEvent.Start()).on(new RolloutEvent.Promote());
        assertEquals(Phase.SUCCEEDED, run.state.phase());
        assertEquals(new SetWeights(Set.of("eu-1", "us-1", "ap-1"), 100, 2), run.lastWeights());
    }

    @Test
    void anOutcomeRefusedInsteadOfSuccessFailsEveryClusterBackToStable() {
        Run run = new Run().on(new RolloutEvent.Start()).on(new RolloutEvent.OutcomeRefused("host taken"));
        assertEquals(Phase.FAILED, run.state.phase());
        assertEquals(new SetWeights(Set.of("eu-1", "us-1", "ap-1"), 0, 2), run.lastWeights());
        assertTrue(run.effects.contains(new RolloutEffect.Announce("failed",
                "the outcome cannot be written as a revision: host taken")));
        int effects = run.effects.size();
        run.on(new RolloutEvent.OutcomeRefused("again"));
        assertEquals(effects, run.effects.size(), "a finished rollout ignores it");
    }

    @Test
    void inconclusivePausesForAPersonAndResumeRunsTheAnalysisAgain() {
        Run run = new Run().on(new RolloutEvent.Start()).confirmAll();
        run.on(new RolloutEvent.TimerFired(run.lastTimer()));
        run.on(new AnalysisResult(Verdict.INCONCLUSIVE, Map.of()));
        assertEquals(Phase.PAUSED, run.state.phase());
        long analyses = run.effects.stream().filter(e -> e instanceof RolloutEffect.RunAnalysis).count();
        run.on(new RolloutEvent.Resume());
        assertEquals(Phase.PROGRESSING, run.state.phase());
        assertEquals(analyses + 1, run.effects.stream().filter(e -> e instanceof RolloutEffect.RunAnalysis).count());
    }

    @Test
    void manualPauseHoldsProgressAndConfirmationsCountMeanwhile() {
        Run run = new Run().on(new RolloutEvent.Start()).on(new RolloutEvent.Pause());
        assertEquals(Phase.PAUSED, run.state.phase());
        run.confirmAll();
        assertEquals(0, run.state.step(), "paused: no advance");
        assertTrue(run.state.awaiting().isEmpty(), "but the confirmation was recorded");
        run.on(new RolloutEvent.Resume());
        assertEquals(1, run.state.step());

        RolloutPlan untilResumed = new RolloutPlan(List.of(new SetWeight(50), new Pause(null), new SetWeight(100)),
                List.of(new Wave("all", Set.of("c"))), PLAN.analysis());
        RolloutState s = RolloutMachine.next(untilResumed, RolloutState.initial(), new RolloutEvent.Start()).state();
        s = RolloutMachine.next(untilResumed, s, new Applied("c", 1)).state();
        assertEquals(Phase.PAUSED, s.phase(), "a pause without duration waits for a person");
        Transition resumed = RolloutMachine.next(untilResumed, s, new RolloutEvent.Resume());
        assertEquals(new SetWeights(Set.of("c"), 100, 2), resumed.effects().get(0));
    }

    @Test
    void aWaveBakesAtItsFinalWeightBeforeTheNextStarts() {
        RolloutPlan plan = new RolloutPlan(List.of(new SetWeight(50), new SetWeight(100)),
                List.of(new Wave("first", Set.of("eu-1"), Duration.ofMinutes(10)), new Wave("rest", Set.of("us-1"))),
                new RolloutPlan.Analysis(Duration.ofSeconds(30), 0, true));
        List<RolloutEffect> effects = new ArrayList<>();
        RolloutState s = RolloutState.initial();
        for (RolloutEvent e : List.of(new RolloutEvent.Start(), new Applied("eu-1", 1), new Applied("eu-1", 2))) {
            Transition t = RolloutMachine.next(plan, s, e);
            s = t.state();
            effects.addAll(t.effects());
        }
        assertEquals(0, s.wave(), "the first wave is baking, the next has not started");
        assertEquals(new StartTimer("bake/2/0", Duration.ofMinutes(10)), effects.get(effects.size() - 2));
        assertEquals(s, RolloutMachine.next(plan, s, new RolloutEvent.TimerFired("pause/2/0/1")).state(), "not its timer");
        Transition baked = RolloutMachine.next(plan, s, new RolloutEvent.TimerFired("bake/2/0"));
        assertEquals(1, baked.state().wave());
        assertTrue(baked.effects().contains(new SetWeights(Set.of("us-1"), 50, 3)), baked.effects().toString());
    }

    @Test
    void aWeightStepPastItsProgressDeadlinePausesForAPerson() {
        RolloutPlan plan = new RolloutPlan(List.of(new SetWeight(50), new SetWeight(100)),
                List.of(new Wave("all", Set.of("eu-1", "us-1"))), new RolloutPlan.Analysis(Duration.ofSeconds(30), 0, true),
                Duration.ofMinutes(10));
        Transition started = RolloutMachine.next(plan, RolloutState.initial(), new RolloutEvent.Start());
        assertTrue(started.effects().contains(new StartTimer("deadline/1", Duration.ofMinutes(10))));
        RolloutState s = RolloutMachine.next(plan, started.state(), new Applied("eu-1", 1)).state();
        Transition late = RolloutMachine.next(plan, s, new RolloutEvent.TimerFired("deadline/1"));
        assertEquals(Phase.PAUSED, late.state().phase());
        assertTrue(late.effects().toString().contains("[us-1] did not confirm weight 50"), late.effects().toString());
        // the late cluster confirms meanwhile; resuming moves on
        RolloutState confirmed = RolloutMachine.next(plan, late.state(), new Applied("us-1", 1)).state();
        Transition resumed = RolloutMachine.next(plan, confirmed, new RolloutEvent.Resume());
        assertEquals(1, resumed.state().step());
        assertTrue(resumed.effects().contains(new StartTimer("deadline/2", Duration.ofMinutes(10))));
        // a deadline of an older generation changes nothing
        assertEquals(resumed.state(), RolloutMachine.next(plan, resumed.state(), new RolloutEvent.TimerFired("deadline/1")).state());
    }
}
