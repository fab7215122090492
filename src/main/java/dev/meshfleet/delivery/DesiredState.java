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

    /** A mesh's desired revision for a cluster; small bundles travel inline ({@code content}) to save a round trip. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record DesiredMesh(String mesh, UUID meshId, int revision, String istioApiVersion, String bundle,
            JsonNode content) {
        DesiredMesh withContent(JsonNode content) {
            return new DesiredMesh(mesh, meshId, revision, istioApiVersion, bundle, content);
        }
    }

    /** Bundles inline in stream notices up to this size (serialised); larger ones are fetched. */
    private static final int INLINE_LIMIT = 256 * 1024;
    private static final int CACHE_SIZE = 4096;

    /** Rendering depends on the revision, the Istio API version and the cluster labels (overrides): the cache key. */
    private record BundleKey(UUID meshId, int revision, String istioApiVersion, Map<String, String> labels,
            Map<String, Object> policy) {
    }

    private record CachedBundle(String json, JsonNode tree) {
    }

    private final Map<BundleKey, CachedBundle> bundles = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<BundleKey, CachedBundle> eldest) {
                    return size() > CACHE_SIZE;
                }
            });
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Tells the agent which resources are its own to prune: those carrying these labels and not in the bundle. */
    public record Prune(Map<String, String> labels) {
    }

    public record Bundle(String mesh, int revision, Map<String, Object> policy, Prune prune, List<JsonNode> resources) {
    }

    public List<DesiredMesh> forCluster(Cluster cluster) {
        return forCluster(cluster, deliverableMeshes(cluster.tenantId));
    }

    /** The tenant's meshes that have intent, for computing many clusters' desired sets from one query. */
    public List<Mesh> deliverableMeshes(UUID tenantId) {
        return Mesh.list("tenantId = ?1 and currentRevision is not null order by name", tenantId);
    }

    public List<DesiredMesh> forCluster(Cluster cluster, List<Mesh> meshes) {
        List<DesiredMesh> out = new ArrayList<>();
        for (Mesh mesh : meshes) {
            if (targets.placement(mesh.placement).toSelector().matches(cluster.labels)) {
                // the Istio API version is part of what is desired: a cluster upgraded from v1beta1 to v1 re-applies
                out.add(new DesiredMesh(mesh.name, mesh.id, mesh.currentRevision, FleetTargets.facts(cluster).istioApiVersion(),
                        "/agent/v1/bundles/" + mesh.name + "/" + mesh.currentRevision, null));
            }
        }
        return out;
    }

    /** The desired set with small bundles inline, for stream notices. */
    public List<DesiredMesh> withContent(Cluster cluster, List<DesiredMesh> desired) {
        Map<UUID, Mesh> meshes = new java.util.HashMap<>();
        for (DesiredMesh d : desired) {
            Mesh.<Mesh> findByIdOptional(d.meshId()).ifPresent(m -> meshes.put(m.id, m));
        }
        return withContent(cluster, desired, meshes);
    }

    /** As above, with the meshes already loaded (one query for a whole tenant's agents). */
    public List<DesiredMesh> withContent(Cluster cluster, List<DesiredMesh> desired, Map<UUID, Mesh> meshes) {
        List<DesiredMesh> out = new ArrayList<>();
        for (DesiredMesh d : desired) {
            Mesh mesh = meshes.get(d.meshId());
            CachedBundle bundle = mesh == null ? null : cached(cluster, mesh, d.revision());
            out.add(bundle != null && bundle.json().length() <= INLINE_LIMIT ? d.withContent(bundle.tree()) : d);
        }
        return out;
    }

    /** The bundle as JSON, rendered once per mesh revision, cluster shape and delivery policy. */
    public String bundleJson(Cluster cluster, String meshName, int revision) {
        Mesh mesh = Mesh.findByName(cluster.tenantId, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        return cached(cluster, mesh, revision).json();
    }

    private CachedBundle cached(Cluster cluster, Mesh mesh, int revision) {
        BundleKey key = new BundleKey(mesh.id, revision, FleetTargets.facts(cluster).istioApiVersion(),
                Map.copyOf(cluster.labels), mesh.deliveryPolicy == null ? Map.of() : Map.copyOf(mesh.deliveryPolicy));
        CachedBundle cached = bundles.get(key);
        if (cached != null && targets.placement(mesh.placement).toSelector().matches(cluster.labels)) {
            return cached;
        }
        Bundle bundle = bundle(cluster, mesh, revision);
        CachedBundle rendered = new CachedBundle(write(bundle), json.valueToTree(bundle));
        bundles.put(key, rendered);
        return rendered;
    }

    private String write(Bundle bundle) {
        try {
            return json.writeValueAsString(bundle);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Bundle bundle(Cluster cluster, Mesh mesh, int revision) {
        String meshName = mesh.name;
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
