package dev.meshfleet.rollout.rest;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.meshfleet.rollout.core.ClusterWeight;
import dev.meshfleet.rollout.core.RolloutPlan;
import dev.meshfleet.rollout.core.RolloutRequest;
import dev.meshfleet.rollout.core.RolloutState;
import dev.meshfleet.rollout.store.Rollout;
import dev.meshfleet.rollout.store.RolloutStore;

/**
 * A rollout as the API shows it: phase and position, per wave and per cluster the weight asked for and what the agent
 * confirmed, and the analysis history (newest first).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutView(UUID id, String mesh, List<String> services, String stableVersion, String canaryVersion,
        String phase, Position position, int weight, List<String> awaiting, boolean holdsRoutes, Integer baseRevision,
        Integer resultRevision, String createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt,
        OffsetDateTime stepStartedAt, OffsetDateTime finishedAt, List<WaveView> waves, RolloutRequest request,
        List<RolloutStore.Analysis> analyses) {

    /** wave and step are 0-based indexes into waves and request.steps. */
    public record Position(int wave, String waveName, int step, String stepDescription) {
    }

    public record WaveView(String name, List<ClusterProgress> clusters) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterProgress(String cluster, int weight, long generation, long confirmedGeneration, Integer confirmedWeight,
            Integer confirmedRevision, OffsetDateTime confirmedAt) {
    }

    /** The summary in listings: no clusters or analyses. */
    public static RolloutView summary(Rollout r, String mesh, RolloutStore store) {
        return of(r, mesh, store, false);
    }

    public static RolloutView full(Rollout r, String mesh, RolloutStore store) {
        return of(r, mesh, store, true);
    }

    private static RolloutView of(Rollout r, String mesh, RolloutStore store, boolean full) {
        RolloutState s = store.state(r);
        RolloutPlan plan = store.plan(r);
        Position position = null;
        if (s.phase() != RolloutState.Phase.PENDING) {
            int wave = Math.min(s.wave(), plan.waves().size() - 1);
            position = new Position(s.wave(), plan.waves().get(wave).name(), s.step(),
                    s.step() < plan.steps().size() ? RolloutPlan.describe(plan.steps().get(s.step())) : "wave completed");
        }
        List<WaveView> waves = null;
        if (full) {
            waves = new ArrayList<>();
            List<ClusterWeight> clusters = store.clusters(r.id);
            for (int i = 0; i < plan.waves().size(); i++) {
                int index = i;
                waves.add(new WaveView(plan.waves().get(i).name(), clusters.stream().filter(c -> c.wave() == index)
                        .map(c -> new ClusterProgress(c.cluster(), c.weight(), c.generation(), c.confirmedGeneration(),
                                c.confirmedWeight(), c.confirmedRevision(), c.confirmedAt()))
                        .toList()));
            }
        }
        return new RolloutView(r.id, mesh, r.services, r.stableVersion, r.canaryVersion, r.phase, position, s.weight(),
                new java.util.TreeSet<>(s.awaiting()).stream().toList(), r.releasedAt == null, r.baseRevision,
                r.resultRevision, r.createdBy, r.createdAt, r.updatedAt, r.stepStartedAt, r.finishedAt, waves,
                full ? store.request(r) : null, full ? store.analyses(r.id, 50) : null);
    }
}
