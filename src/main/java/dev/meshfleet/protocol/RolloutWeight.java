package dev.meshfleet.protocol;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A rollout's weight laid over a mesh's revision on one cluster, as of a generation the agent confirms once applied.
 * analysis: absent unless the agent should measure (the rollout progresses and this cluster carries canary traffic).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutWeight(UUID id, long generation, int weight, Measure analysis) {
}
