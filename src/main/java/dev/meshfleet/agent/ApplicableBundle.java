package dev.meshfleet.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.protocol.Bundle;
import dev.meshfleet.protocol.DesiredMesh;
import dev.meshfleet.protocol.RolloutWeight;

/**
 * A bundle as the agent applies it: what the protocol leaves out when empty filled in, and the delivery policy read.
 * forceConflicts: take fields another manager owns instead of failing; correctDrift: put back changes others make
 * (unless the policy says {@code report}).
 */
record ApplicableBundle(List<JsonNode> resources, Map<String, String> pruneLabels, boolean forceConflicts,
        boolean correctDrift, List<RolloutWeight> rollouts) {
    static ApplicableBundle of(Bundle bundle) {
        Map<String, Object> policy = bundle.policy() == null ? Map.of() : bundle.policy();
        return new ApplicableBundle(bundle.resources() == null ? List.of() : bundle.resources(),
                bundle.prune() == null || bundle.prune().labels() == null ? Map.of() : bundle.prune().labels(),
                Boolean.TRUE.equals(policy.get("forceConflicts")), !"report".equals(policy.get("drift")),
                bundle.rollouts() == null ? List.of() : bundle.rollouts());
    }

    /** What was applied for a mesh: revision, Istio API version and rollout weights (any changing means apply again). */
    static String appliedKey(DesiredMesh desired) {
        StringBuilder weights = new StringBuilder();
        for (RolloutWeight w : Objects.requireNonNullElse(desired.rollouts(), List.<RolloutWeight> of())) {
            weights.append(w.id()).append(':').append(w.generation()).append(',');
        }
        return desired.revision() + "@" + Objects.toString(desired.istioApiVersion(), "") + "#" + weights;
    }
}
