package dev.meshfleet.rollout.core;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One cluster's part in a rollout: the weight asked for (as weight generation {@code generation}) and what its agent
 * confirmed last (the generation, the weight that generation carried, the revision it came with, and when).
 */
public record ClusterWeight(UUID clusterId, String cluster, int wave, int weight, long generation,
        long confirmedGeneration, Integer confirmedWeight, Integer confirmedRevision, OffsetDateTime confirmedAt) {

    /** Carries canary traffic the rollout can judge: its agent confirmed the current generation, at a weight above 0. */
    public boolean carriesConfirmedCanary() {
        return confirmedWeight != null && confirmedWeight > 0 && confirmedGeneration == generation;
    }
}
