package dev.meshfleet.rollout.rest;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.meshfleet.rollout.core.RolloutPlan;
import dev.meshfleet.rollout.core.RolloutRequest;
import dev.meshfleet.rollout.core.RolloutState;
import dev.meshfleet.rollout.service.RolloutQueries;
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

    /** A rollout as read; a listing's snapshots carry no clusters, request or analyses, and its views show none. */
    public static RolloutView of(RolloutQueries.Snapshot snapshot, String mesh) {
        Rollout r = snapshot.rollout();
        RolloutState s = snapshot.state();
        RolloutPlan plan = snapshot.plan();
        Position position = null;
        if (s.phase() != RolloutState.Phase.PENDING) {
            int wave = Math.min(s.wave(), plan.waves().size() - 1);
            position = new Position(s.wave(), plan.waves().get(wave).name(), s.step(),
                    s.step() < plan.steps().size() ? RolloutPlan.describe(plan.steps().get(s.step())) : "wave completed");
        }
        List<WaveView> waves = null;
        if (snapshot.clusters() != null) {
            waves = new ArrayList<>();
            for (int i = 0; i < plan.waves().size(); i++) {
                int index = i;
                waves.add(new WaveView(plan.waves().get(i).name(), snapshot.clusters().stream().filter(c -> c.wave() == index)
                        .map(c -> new ClusterProgress(c.cluster(), c.weight(), c.generation(), c.confirmedGeneration(),
                                c.confirmedWeight(), c.confirmedRevision(), c.confirmedAt()))
                        .toList()));
            }
        }
        return new RolloutView(r.id, mesh, r.services, r.stableVersion, r.canaryVersion, r.phase, position, s.weight(),
                new java.util.TreeSet<>(s.awaiting()).stream().toList(), r.releasedAt == null, r.baseRevision,
                r.resultRevision, r.createdBy, r.createdAt, r.updatedAt, r.stepStartedAt, r.finishedAt, waves,
                snapshot.request(), snapshot.analyses());
    }
}
