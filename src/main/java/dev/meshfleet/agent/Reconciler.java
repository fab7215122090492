package dev.meshfleet.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.protocol.MeshfleetLabels;
import dev.meshfleet.protocol.ResourceResult;

/**
 * Makes a cluster run one mesh's bundle: applies every desired resource, then prunes what carries this mesh's
 * Meshfleet labels and is no longer desired. Never touches a resource without those labels. Returns one result per
 * resource. Store-agnostic, so the real agent and the fleet simulator share it.
 */
public final class Reconciler {
    /** One resource's outcome, as reported. */
    static ResourceResult result(ResourceRef ref, ClusterStore.ApplyResult r) {
        return new ResourceResult(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(), r.outcome().name(), r.error());
    }

    /** An outcome for the whole cluster rather than one resource (no kind or name), e.g. its API server away. */
    public static ResourceResult clusterWide(String outcome, String error) {
        return new ResourceResult(null, null, null, null, outcome, error);
    }

    private final ClusterStore store;

    public Reconciler(ClusterStore store) {
        this.store = store;
    }

    public List<ResourceResult> sync(String mesh, List<JsonNode> resources, Map<String, String> pruneLabels, boolean force) {
        List<ResourceResult> results = new ArrayList<>();
        Set<String> desired = new HashSet<>();
        for (JsonNode resource : resources) {
            ResourceRef ref = ResourceRef.of(resource);
            desired.add(ref.identity());
            ClusterStore.ApplyResult outcome;
            try {
                outcome = store.apply((ObjectNode) resource, force);
            } catch (RuntimeException e) {
                outcome = new ClusterStore.ApplyResult(ClusterStore.Outcome.FAILED, e.getMessage());
            }
            results.add(result(ref, outcome));
        }
        List<ResourceRef> live;
        try {
            live = store.list(pruneLabels);
        } catch (RuntimeException e) {
            // the applies still count and are reported; pruning waits for the retry this failure causes
            results.add(clusterWide("FAILED", "prune skipped, listing managed resources failed: " + e.getMessage()));
            return results;
        }
        for (ResourceRef ref : live) {
            if (!desired.contains(ref.identity())) {
                results.add(delete(ref));
            }
        }
        return results;
    }

    /** Removes everything of a mesh the cluster no longer runs. */
    public List<ResourceResult> pruneMesh(String mesh) {
        List<ResourceResult> results = new ArrayList<>();
        for (ResourceRef live : store.list(Map.of(MeshfleetLabels.MANAGED_BY_LABEL, MeshfleetLabels.MANAGED_BY,
                MeshfleetLabels.MESH_LABEL, mesh))) {
            results.add(delete(live));
        }
        return results;
    }

    /** Meshes that have Meshfleet-managed resources in the cluster. */
    public Set<String> managedMeshes() {
        return store.labelValues(Map.of(MeshfleetLabels.MANAGED_BY_LABEL, MeshfleetLabels.MANAGED_BY),
                MeshfleetLabels.MESH_LABEL);
    }

    private ResourceResult delete(ResourceRef ref) {
        try {
            store.delete(ref);
            return result(ref, new ClusterStore.ApplyResult(ClusterStore.Outcome.PRUNED, null));
        } catch (RuntimeException e) {
            return result(ref, new ClusterStore.ApplyResult(ClusterStore.Outcome.FAILED, "prune failed: " + e.getMessage()));
        }
    }
}
