package dev.meshfleet.agent;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.protocol.MeshfleetLabels;

/**
 * What the agent needs of a cluster. The real agent uses a Kubernetes API server (server-side apply with field manager
 * {@code meshfleet}); the fleet simulator uses in-memory stores behind the same interface, so both run the same
 * reconcile, prune and report code.
 */
public interface ClusterStore {
    /** The server-side-apply field manager: the name Meshfleet's resources are labelled as managed by. */
    String FIELD_MANAGER = MeshfleetLabels.MANAGED_BY;

    enum Outcome {
        APPLIED, UNCHANGED, PRUNED, CONFLICT, FAILED
    }

    record ApplyResult(Outcome outcome, String error) {
    }

    record IstioInfo(String version, Set<String> apiVersions) {
    }

    /** Server-side applies a manifest; {@code force} takes fields another manager owns instead of failing. */
    ApplyResult apply(ObjectNode manifest, boolean force);

    /** Every resource carrying all of these labels, across the Istio kinds the cluster serves. */
    List<ResourceRef> list(java.util.Map<String, String> labels);

    /** The live manifest, or null when absent. */
    ObjectNode get(ResourceRef ref);

    void delete(ResourceRef ref);

    IstioInfo istio();

    /**
     * Calls back with the live manifest whenever a Meshfleet-managed resource changes (null manifest and its ref on
     * deletion). Stores that cannot be changed behind the agent's back may do nothing.
     */
    void watchManaged(java.util.function.BiConsumer<ResourceRef, ObjectNode> onChange);

    /**
     * Why the cluster's API server cannot be used right now (unreachable, refusing the agent's credentials), or empty
     * when it answers. Stores that are always there answer empty.
     */
    default java.util.Optional<String> unreachable() {
        return java.util.Optional.empty();
    }

    /** Stops watching. */
    default void stopWatching() {
    }
}
