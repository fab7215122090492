package dev.meshfleet.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.FleetTargets;
import dev.meshfleet.common.cache.CacheConfig;
import dev.meshfleet.common.cache.LeastRecentlyUsed;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.intent.IntentRevision;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.RevisionDocuments;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.protocol.AgentProtocol;
import dev.meshfleet.protocol.Bundle;
import dev.meshfleet.protocol.DesiredMesh;
import dev.meshfleet.protocol.Measure;
import dev.meshfleet.protocol.MeshfleetLabels;
import dev.meshfleet.protocol.Prune;
import dev.meshfleet.protocol.RolloutWeight;
import dev.meshfleet.render.ClusterShape;
import dev.meshfleet.render.MeshRenderer;
import dev.meshfleet.render.RenderedResource;

/**
 * What each cluster should run: for every mesh whose placement selects it, the mesh's current revision, with the
 * weights of rollouts in progress on that cluster laid over it.
 */
@ApplicationScoped
public class DesiredState {
    private final FleetTargets targets;
    private final RevisionDocuments documents;
    /** Whatever lays weights over intent (rollouts); delivery does not know who. */
    private final Instance<DesiredOverlays> overlays;

    public DesiredState(FleetTargets targets, RevisionDocuments documents, Instance<DesiredOverlays> overlays,
            CacheConfig caches) {
        this.targets = targets;
        this.documents = documents;
        this.overlays = overlays;
        this.bundles = java.util.Collections.synchronizedMap(LeastRecentlyUsed.map(caches.bundles(), "meshfleet.cache.bundles"));
    }

    /** Bundles inline in stream notices up to this size (serialised); larger ones are fetched. */
    private static final int INLINE_LIMIT = 256 * 1024;

    /**
     * Rendering depends on the revision, the cluster's render shape (Istio API version and feature level, and which of
     * the intent's overrides select it: clusters that differ only in other labels share a bundle; the same shape the
     * render check uses, so the two agree), the delivery policy and the rollout weights laid over it: the cache key.
     */
    private record BundleKey(UUID meshId, int revision, ClusterShape shape, Map<String, Object> policy,
            List<RolloutWeight> rollouts) {
    }

    private record CachedBundle(String json, JsonNode tree) {
    }

    private final Map<BundleKey, CachedBundle> bundles;
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    /** What one tenant's clusters need to compute their desired sets: the meshes with intent and the rollout overlays. */
    public record TenantState(List<Mesh> meshes, Map<UUID, Map<UUID, List<DesiredOverlays.Overlay>>> overlays) {
        Mesh mesh(UUID id) {
            return meshes.stream().filter(m -> m.id.equals(id)).findFirst().orElse(null);
        }

        List<DesiredOverlays.Overlay> overlays(UUID meshId, UUID clusterId) {
            return overlays.getOrDefault(meshId, Map.of()).getOrDefault(clusterId, List.of());
        }
    }

    public TenantState tenantState(UUID tenantId) {
        return new TenantState(deliverableMeshes(tenantId), overlays(tenantId));
    }

    /** Every implementation's overlays for the tenant, per mesh and cluster (one implementation today: rollouts). */
    private Map<UUID, Map<UUID, List<DesiredOverlays.Overlay>>> overlays(UUID tenantId) {
        if (overlays.isResolvable()) {
            return overlays.get().forTenant(tenantId);
        }
        Map<UUID, Map<UUID, List<DesiredOverlays.Overlay>>> out = new java.util.HashMap<>();
        for (DesiredOverlays source : overlays) {
            source.forTenant(tenantId).forEach((mesh, byCluster) -> byCluster.forEach((cluster, list) -> out
                    .computeIfAbsent(mesh, k -> new java.util.HashMap<>())
                    .computeIfAbsent(cluster, k -> new ArrayList<>()).addAll(list)));
        }
        return out;
    }

    public List<DesiredMesh> forCluster(Cluster cluster) {
        return forCluster(cluster, tenantState(cluster.tenantId));
    }

    /** The tenant's meshes that have intent, for computing many clusters' desired sets from one query. */
    private List<Mesh> deliverableMeshes(UUID tenantId) {
        return Mesh.list("tenantId = ?1 and currentRevision is not null order by name", tenantId);
    }

    public List<DesiredMesh> forCluster(Cluster cluster, TenantState tenant) {
        List<DesiredMesh> out = new ArrayList<>();
        for (Mesh mesh : tenant.meshes()) {
            if (targets.placement(mesh.placement).toSelector().matches(cluster.labels)) {
                // the Istio API version is part of what is desired: a cluster upgraded from v1beta1 to v1 re-applies
                out.add(new DesiredMesh(mesh.name, mesh.id, mesh.currentRevision, FleetTargets.facts(cluster).istioApiVersion(),
                        AgentProtocol.BASE_PATH + "/bundles/" + mesh.name + "/" + mesh.currentRevision,
                        weights(mesh, tenant.overlays(mesh.id, cluster.id)), null));
            }
        }
        return out;
    }

    private List<RolloutWeight> weights(Mesh mesh, List<DesiredOverlays.Overlay> overlays) {
        if (overlays.isEmpty()) {
            return List.of();
        }
        List<RolloutWeight> out = new ArrayList<>();
        for (DesiredOverlays.Overlay o : overlays) {
            Measure measure = o.measurement(() -> documents.model(mesh.id, mesh.currentRevision))
                    .map(m -> new Measure(m.interval().toSeconds(), m.prometheusUrl(), m.queries())).orElse(null);
            out.add(new RolloutWeight(o.rolloutId(), o.generation(), o.weight(), measure));
        }
        return out;
    }

    /** The desired set with small bundles inline, for stream notices. */
    public List<DesiredMesh> withContent(Cluster cluster, List<DesiredMesh> desired, TenantState tenant) {
        List<DesiredMesh> out = new ArrayList<>();
        for (DesiredMesh d : desired) {
            Mesh mesh = tenant.mesh(d.meshId());
            CachedBundle bundle = mesh == null ? null
                    : cached(cluster, mesh, d.revision(), tenant.overlays(mesh.id, cluster.id), d.rollouts());
            out.add(bundle != null && bundle.json().length() <= INLINE_LIMIT ? d.withContent(bundle.tree()) : d);
        }
        return out;
    }

    /** The bundle as JSON, rendered once per mesh revision, cluster shape and delivery policy. */
    public String bundleJson(Cluster cluster, String meshName, int revision) {
        Mesh mesh = Mesh.findByName(cluster.tenantId, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        IntentRevision.findByNumber(mesh.id, revision)
                .orElseThrow(() -> NotFoundException.of("revision", Integer.toString(revision)));
        List<DesiredOverlays.Overlay> overlays = overlays(cluster.tenantId).getOrDefault(mesh.id, Map.of())
                .getOrDefault(cluster.id, List.of());
        return cached(cluster, mesh, revision, overlays, weights(mesh, overlays)).json();
    }

    private CachedBundle cached(Cluster cluster, Mesh mesh, int revision, List<DesiredOverlays.Overlay> overlays,
            List<RolloutWeight> weights) {
        // what shapes the rendering: the analysis part of the weights does not
        List<RolloutWeight> shape = weights.stream().map(w -> new RolloutWeight(w.id(), w.generation(), w.weight(), null))
                .toList();
        BundleKey key = new BundleKey(mesh.id, revision,
                ClusterShape.of(documents.model(mesh.id, revision), FleetTargets.facts(cluster)),
                mesh.deliveryPolicy == null ? Map.of() : Map.copyOf(mesh.deliveryPolicy), shape);
        CachedBundle cached = bundles.get(key);
        if (cached != null && targets.placement(mesh.placement).toSelector().matches(cluster.labels)) {
            return cached;
        }
        Bundle bundle = bundle(cluster, mesh, revision, overlays, shape);
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

    private Bundle bundle(Cluster cluster, Mesh mesh, int revision, List<DesiredOverlays.Overlay> overlays,
            List<RolloutWeight> weights) {
        String meshName = mesh.name;
        if (!targets.placement(mesh.placement).toSelector().matches(cluster.labels)) {
            throw new NotFoundException("mesh '" + meshName + "' does not target cluster " + cluster.name);
        }
        IntentRevision.findByNumber(mesh.id, revision)
                .orElseThrow(() -> NotFoundException.of("revision", Integer.toString(revision)));
        MeshIntent intent = documents.model(mesh.id, revision);
        for (DesiredOverlays.Overlay o : overlays) {
            intent = o.apply(intent);
        }
        List<RenderedResource> rendered = MeshRenderer.render(intent, meshName, revision, FleetTargets.facts(cluster));
        Prune prune = new Prune(Map.of(MeshfleetLabels.MANAGED_BY_LABEL, MeshfleetLabels.MANAGED_BY,
                MeshfleetLabels.MESH_LABEL, meshName));
        return new Bundle(meshName, revision, mesh.deliveryPolicy == null ? Map.of() : mesh.deliveryPolicy, prune, weights,
                rendered.stream().map(r -> (JsonNode) r.manifest()).toList());
    }
}
