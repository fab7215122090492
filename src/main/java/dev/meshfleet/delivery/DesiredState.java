package dev.meshfleet.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.FleetTargets;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.intent.IntentRevision;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.RevisionDocuments;
import dev.meshfleet.render.MeshRenderer;
import dev.meshfleet.render.RenderedResource;

/** What each cluster should run: for every mesh whose placement selects it, the mesh's current revision. */
@ApplicationScoped
public class DesiredState {
    private final FleetTargets targets;
    private final RevisionDocuments documents;

    public DesiredState(FleetTargets targets, RevisionDocuments documents) {
        this.targets = targets;
        this.documents = documents;
    }

    public record DesiredMesh(String mesh, UUID meshId, int revision, String bundle) {
    }

    /** Tells the agent which resources are its own to prune: those carrying these labels and not in the bundle. */
    public record Prune(Map<String, String> labels) {
    }

    public record Bundle(String mesh, int revision, Map<String, Object> policy, Prune prune, List<JsonNode> resources) {
    }

    public List<DesiredMesh> forCluster(Cluster cluster) {
        List<DesiredMesh> out = new ArrayList<>();
        for (Mesh mesh : Mesh.<Mesh> list("tenantId = ?1 and currentRevision is not null order by name", cluster.tenantId)) {
            if (targets.placement(mesh.placement).toSelector().matches(cluster.labels)) {
                out.add(new DesiredMesh(mesh.name, mesh.id, mesh.currentRevision,
                        "/agent/v1/bundles/" + mesh.name + "/" + mesh.currentRevision));
            }
        }
        return out;
    }

    public Bundle bundle(Cluster cluster, String meshName, int revision) {
        Mesh mesh = Mesh.findByName(cluster.tenantId, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        if (!targets.placement(mesh.placement).toSelector().matches(cluster.labels)) {
            throw new NotFoundException("mesh '" + meshName + "' does not target cluster " + cluster.name);
        }
        IntentRevision.findByNumber(mesh.id, revision)
                .orElseThrow(() -> NotFoundException.of("revision", Integer.toString(revision)));
        List<RenderedResource> rendered = MeshRenderer.render(documents.model(mesh.id, revision), meshName, revision,
                FleetTargets.facts(cluster));
        Prune prune = new Prune(Map.of(MeshRenderer.MANAGED_BY_LABEL, MeshRenderer.MANAGED_BY, MeshRenderer.MESH_LABEL,
                meshName));
        return new Bundle(meshName, revision, mesh.deliveryPolicy == null ? Map.of() : mesh.deliveryPolicy, prune,
                rendered.stream().map(r -> (JsonNode) r.manifest()).toList());
    }
}
