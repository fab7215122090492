package dev.meshfleet.protocol;

import java.util.List;

/**
 * What an agent tells of a mesh it applied: per-resource outcomes, drift found, and (once) the cluster's Istio and its
 * own version. rollouts: the rollout weights (id, generation) the applied bundle carried, as the bundle listed them;
 * once the revision applied cleanly each confirms that generation to the rollout engine.
 */
public record Report(String mesh, Integer revision, String istioVersion, List<String> istioApiVersions,
        String agentVersion, List<ResourceResult> results, List<Drift> drift, List<AppliedWeight> rollouts) {
}
