package dev.meshfleet.protocol;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The resources a cluster should run for a mesh at a revision, and what to prune. policy: the mesh's delivery policy
 * ({@code forceConflicts}, {@code drift}); rollouts: the weights laid over the revision (the agent reports these
 * generations as applied).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Bundle(String mesh, int revision, Map<String, Object> policy, Prune prune, List<RolloutWeight> rollouts,
        List<JsonNode> resources) {
}
