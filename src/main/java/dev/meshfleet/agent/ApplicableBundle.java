package dev.meshfleet.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /**
     * The bundle that came inline in a desired set, its resources taken as they are: they are trees already, and nothing
     * changes them (stores copy what they keep). Converting the whole content to a {@link Bundle} built every resource's
     * tree a second time, about a tenth of a simulated agent's CPU per change.
     */
    static ApplicableBundle inline(JsonNode content) throws JsonProcessingException {
        if (!content.isObject()) {
            throw new IllegalArgumentException("the desired set's bundle content is not a JSON object");
        }
        JsonNode resources = content.path("resources");
        if (!resources.isMissingNode() && !resources.isNull() && !resources.isArray()) {
            throw new IllegalArgumentException("the desired set's bundle resources are not a list");
        }
        ObjectNode rest = AgentJson.MAPPER.createObjectNode(); // the small fields, shared rather than copied
        content.properties().forEach(field -> {
            if (!field.getKey().equals("resources")) {
                rest.set(field.getKey(), field.getValue());
            }
        });
        Bundle head = AgentJson.MAPPER.treeToValue(rest, Bundle.class);
        List<JsonNode> items = new ArrayList<>(resources.size());
        resources.forEach(items::add);
        return of(new Bundle(head.mesh(), head.revision(), head.policy(), head.prune(), head.rollouts(), items));
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
