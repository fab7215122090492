package dev.meshfleet.rollout.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.meshfleet.rollout.core.RolloutPlan.Pause;
import dev.meshfleet.rollout.core.RolloutPlan.RunAnalysis;
import dev.meshfleet.rollout.core.RolloutPlan.SetWeight;
import dev.meshfleet.rollout.core.RolloutPlan.Step;
import dev.meshfleet.rollout.core.RolloutState.Phase;

/**
 * The rollout state machine, pure: {@code next(plan, state, event) -> (state, effects)}. Every wave goes through the
 * plan's steps in order; a weight step completes only when every cluster of the wave confirmed the weight generation it
 * asked for; a timed pause completes when its own timer fires; an analysis step when a verdict arrives. Events that do
 * not fit the current state (a duplicate, a stale confirmation, an old timer) change nothing, which is what makes
 * redelivered messages harmless. Abort and a failed analysis send every cluster that may carry canary traffic back to
 * 0 % at once; promote sends every cluster to 100 %.
 */
public final class RolloutMachine {
    public record Transition(RolloutState state, List<RolloutEffect> effects) {
        static Transition unchanged(RolloutState state) {
            return new Transition(state, List.of());
        }
    }

    private final RolloutPlan plan;
    private final List<RolloutEffect> effects = new ArrayList<>();

    private RolloutMachine(RolloutPlan plan) {
        this.plan = plan;
    }

    public static Transition next(RolloutPlan plan, RolloutState state, RolloutEvent event) {
        RolloutMachine machine = new RolloutMachine(plan);
        RolloutState next = machine.apply(state, event);
        return new Transition(next, List.copyOf(machine.effects));
    }

    /**
     * As {@link #next(RolloutPlan, RolloutState, RolloutEvent)}, knowing that the outcome of this rollout cannot be
     * written ({@code refusedOutcome}: why, or null): an event that would make it succeed makes it fail instead.
     */
    public static Transition next(RolloutPlan plan, RolloutState state, RolloutEvent event, String refusedOutcome) {
        Transition t = next(plan, state, event);
        if (refusedOutcome != null && t.state().phase() == Phase.SUCCEEDED && !state.phase().finished()) {
            return next(plan, state, new RolloutEvent.OutcomeRefused(refusedOutcome));
        }
        return t;
    }

    private RolloutState apply(RolloutState s, RolloutEvent event) {
        if (s.phase().finished() && !(event instanceof RolloutEvent.Retry) && !(event instanceof RolloutEvent.Applied)) {
            return s;
        }
        // (Java 17: no pattern matching in switch yet, hence the instanceof chain)
        if (event instanceof RolloutEvent.Start) {
            return s.phase() == Phase.PENDING ? enter(s.with(Phase.PROGRESSING).at(0, 0)) : s;
        }
        if (event instanceof RolloutEvent.Applied applied) {
            return confirm(s, applied);
        }
        if (event instanceof RolloutEvent.TimerFired fired && fired.timer().startsWith("deadline/")) {
            // the weight step still waits for the same generation: some clusters are not applying it, a person decides
            boolean stuck = s.phase() == Phase.PROGRESSING && fired.timer().equals("deadline/" + s.generation())
                    && !s.awaiting().isEmpty();
            return stuck ? announce(s.paused(Phase.PROGRESSING), "paused", "progress deadline passed: "
                    + new java.util.TreeSet<>(s.awaiting()) + " did not confirm weight " + s.weight()) : s;
        }
        if (event instanceof RolloutEvent.TimerFired fired) {
            return s.phase() == Phase.PROGRESSING && fired.timer().equals(s.timer())
                    ? enter(s.timer(null).at(s.wave(), s.step() + 1))
                    : s;
        }
        if (event instanceof RolloutEvent.AnalysisResult result) {
            return analysis(s, result);
        }
        if (event instanceof RolloutEvent.Pause) {
            return s.phase() == Phase.PROGRESSING ? announce(s.paused(Phase.PROGRESSING), "paused", "by request") : s;
        }
        if (event instanceof RolloutEvent.Resume) {
            return s.phase() == Phase.PAUSED ? resume(s) : s;
        }
        if (event instanceof RolloutEvent.Promote) {
            return s.phase() == Phase.PENDING ? s : finish(s, Phase.SUCCEEDED, 100, allClusters(), "promoted");
        }
        if (event instanceof RolloutEvent.Abort abort) {
            return s.phase() == Phase.PENDING ? s.with(Phase.ABORTED)
                    : finish(s, Phase.ABORTED, 0, shiftedClusters(s), "aborted: " + abort.reason());
        }
        if (event instanceof RolloutEvent.OutcomeRefused refused) {
            return finish(s, Phase.FAILED, 0, allClusters(), "the outcome cannot be written as a revision: "
                    + refused.reason());
        }
        if (event instanceof RolloutEvent.Retry) {
            return s.phase() == Phase.ABORTED || s.phase() == Phase.FAILED
                    ? enter(new RolloutState(Phase.PROGRESSING, 0, 0, 0, s.generation(), Set.of(), null, 0, null))
                    : s;
        }
        throw new IllegalArgumentException("unknown rollout event " + event);
    }

    /** Starts the step at the state's position, moving on through steps and waves that need no waiting. */
    private RolloutState enter(RolloutState s) {
        while (true) {
            if (s.wave() >= plan.waves().size()) {
                return announce(s.with(Phase.SUCCEEDED), "succeeded", "every wave completed");
            }
            if (s.step() >= plan.steps().size()) {
                RolloutPlan.Wave wave = plan.waves().get(s.wave());
                if (s.step() == plan.steps().size() && wave.bake() != null && !wave.clusters().isEmpty()) {
                    // the wave's gate: its canary soaks before the next wave starts (the timer moves it past the gate)
                    String timer = "bake/" + s.generation() + "/" + s.wave();
                    effects.add(new RolloutEffect.StartTimer(timer, wave.bake()));
                    return announce(s.timer(timer), "wave-baking", wave.name() + " for " + wave.bake());
                }
                announce(s, "wave-completed", wave.name());
                s = s.timer(null).at(s.wave() + 1, 0);
                continue;
            }
            Step step = plan.steps().get(s.step());
            Set<String> clusters = plan.waves().get(s.wave()).clusters();
            if (step instanceof SetWeight w) {
                if (clusters.isEmpty()) {
                    s = s.at(s.wave(), s.step() + 1);
                    continue;
                }
                long generation = s.generation() + 1;
                effects.add(new RolloutEffect.SetWeights(clusters, w.weight(), generation));
                if (plan.progressDeadline() != null) {
                    effects.add(new RolloutEffect.StartTimer("deadline/" + generation, plan.progressDeadline()));
                }
                return s.awaiting(w.weight(), generation, clusters);
            }
            if (step instanceof Pause p) {
                if (p.duration() == null) {
                    return announce(s.paused(Phase.PROGRESSING).timer(null), "paused", "until resumed");
                }
                String timer = "pause/" + s.generation() + "/" + s.wave() + "/" + s.step();
                effects.add(new RolloutEffect.StartTimer(timer, p.duration()));
                return s.timer(timer);
            }
            effects.add(new RolloutEffect.RunAnalysis());
            return s.timer("analysis/" + s.generation() + "/" + s.wave() + "/" + s.step());
        }
    }

    private RolloutState confirm(RolloutState s, RolloutEvent.Applied applied) {
        if (applied.generation() != s.generation() || !s.awaiting().contains(applied.cluster())) {
            return s; // stale, duplicated or not ours
        }
        Set<String> rest = new HashSet<>(s.awaiting());
        rest.remove(applied.cluster());
        RolloutState next = s.confirmed(rest);
        if (!rest.isEmpty() || next.phase() != Phase.PROGRESSING) {
            return next;
        }
        return enter(next.at(next.wave(), next.step() + 1));
    }

    private RolloutState analysis(RolloutState s, RolloutEvent.AnalysisResult result) {
        boolean stepWaiting = s.timer() != null && s.timer().startsWith("analysis/");
        if (result.verdict() == RolloutEvent.Verdict.FAILED) {
            int failures = s.analysisFailures() + 1;
            if (failures > plan.analysis().failureLimit()) {
                return finish(s.failures(failures), Phase.FAILED, 0, shiftedClusters(s),
                        "analysis failed " + failures + " times: " + result.measurements());
            }
            RolloutState counted = announce(s.failures(failures), "analysis-failed",
                    failures + " of " + plan.analysis().failureLimit() + " tolerated");
            return stepWaiting && s.phase() == Phase.PROGRESSING ? enter(counted.timer(null).at(s.wave(), s.step() + 1))
                    : counted;
        }
        if (result.verdict() == RolloutEvent.Verdict.INCONCLUSIVE && plan.analysis().pauseOnInconclusive()
                && s.phase() == Phase.PROGRESSING) {
            return announce(s.paused(Phase.PROGRESSING), "paused", "analysis inconclusive: a person decides");
        }
        return stepWaiting && s.phase() == Phase.PROGRESSING ? enter(s.timer(null).at(s.wave(), s.step() + 1)) : s;
    }

    private RolloutState resume(RolloutState s) {
        RolloutState running = s.with(Phase.PROGRESSING);
        if (running.step() >= plan.steps().size()) {
            return enter(running.timer(null)); // a wave's bake starts over, like a timed pause
        }
        Step step = plan.steps().get(running.step());
        if (step instanceof SetWeight) {
            // confirmations kept arriving while paused: move on if the wave is complete, else wait (a new deadline)
            if (running.awaiting().isEmpty()) {
                return enter(running.at(running.wave(), running.step() + 1));
            }
            if (plan.progressDeadline() != null) {
                effects.add(new RolloutEffect.StartTimer("deadline/" + running.generation(), plan.progressDeadline()));
            }
            return running;
        }
        if (step instanceof Pause p && p.duration() == null) {
            return enter(running.timer(null).at(running.wave(), running.step() + 1)); // the pause until resumed is over
        }
        return enter(running); // a timed pause starts over; an analysis runs again
    }

    private RolloutState finish(RolloutState s, Phase phase, int weight, Set<String> clusters, String detail) {
        long generation = s.generation() + 1;
        if (!clusters.isEmpty()) {
            effects.add(new RolloutEffect.SetWeights(clusters, weight, generation));
        }
        RolloutState done = new RolloutState(phase, s.wave(), s.step(), weight, generation, Set.copyOf(clusters), null,
                s.analysisFailures(), null);
        return announce(done, phase.name().toLowerCase(java.util.Locale.ROOT), detail);
    }

    private RolloutState announce(RolloutState s, String type, String detail) {
        effects.add(new RolloutEffect.Announce(type, detail));
        return s;
    }

    /** Clusters that may carry canary traffic: those of every wave started so far. */
    private Set<String> shiftedClusters(RolloutState s) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i <= Math.min(s.wave(), plan.waves().size() - 1); i++) {
            out.addAll(plan.waves().get(i).clusters());
        }
        return out;
    }

    private Set<String> allClusters() {
        Set<String> out = new LinkedHashSet<>();
        plan.waves().forEach(w -> out.addAll(w.clusters()));
        return out;
    }

}
