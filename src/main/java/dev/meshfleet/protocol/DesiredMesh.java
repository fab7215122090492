package dev.meshfleet.protocol;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A mesh's desired revision for a cluster; small bundles travel inline ({@code content}, a {@link Bundle}) to save a
 * round trip, larger ones are fetched from {@code bundle}. {@code rollouts}: the rollout weights laid over the revision
 * on this cluster (each as of a generation, which the agent reports back once applied) and what to measure for their
 * analysis.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DesiredMesh(String mesh, UUID meshId, int revision, String istioApiVersion, String bundle,
        List<RolloutWeight> rollouts, JsonNode content) {
    public DesiredMesh withContent(JsonNode content) {
        return new DesiredMesh(mesh, meshId, revision, istioApiVersion, bundle, rollouts, content);
    }
}
