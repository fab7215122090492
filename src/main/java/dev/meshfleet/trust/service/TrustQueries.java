package dev.meshfleet.trust.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.tenancy.Tenant;
import dev.meshfleet.trust.service.TrustLayouts.MeshTrust;
import dev.meshfleet.trust.store.TrustIntermediate;
import dev.meshfleet.trust.store.TrustRoot;
import dev.meshfleet.trust.store.TrustRotation;
import dev.meshfleet.trust.store.TrustStore;

/** Reads of a mesh's trust for the API: roots, intermediates per cluster, rotations with per-cluster progress. */
@ApplicationScoped
public class TrustQueries {
    private final TrustLayouts layouts;
    private final RotationProgress progress;
    private final TrustStore store;

    public TrustQueries(TrustLayouts layouts, RotationProgress progress, TrustStore store) {
        this.layouts = layouts;
        this.progress = progress;
        this.store = store;
    }

    /** The mesh, and its trust once it has a root. */
    public record Trust(Mesh mesh, Optional<MeshTrust> trust) {
        /** How often the root appears in the bundle. */
        public int inBundle(UUID rootId) {
            return trust.map(t -> Collections.frequency(t.state().bundleRoots(), rootId)).orElse(0);
        }

        public boolean issuing(UUID rootId) {
            return trust.map(t -> t.state().issuerRootId.equals(rootId)).orElse(false);
        }
    }

    @Transactional
    public Trust trust(Tenant tenant, String meshName) {
        Mesh mesh = mesh(tenant, meshName);
        return new Trust(mesh, layouts.forMesh(mesh));
    }

    @Transactional
    public List<TrustRoot> roots(Tenant tenant, String meshName) {
        return TrustRoot.ofMesh(mesh(tenant, meshName).id);
    }

    @Transactional
    public TrustRoot root(Tenant tenant, String meshName, String id) {
        Mesh mesh = mesh(tenant, meshName);
        MeshTrust trust = layouts.forMesh(mesh).orElseThrow(() -> NotFoundException.of("root", id));
        return RotationService.root(trust, id);
    }

    /** A cluster's latest intermediate, with the root that issued it. */
    public record Issued(Cluster cluster, TrustIntermediate intermediate, TrustRoot root) {
    }

    @Transactional
    public List<Issued> intermediates(Tenant tenant, String meshName) {
        Mesh mesh = mesh(tenant, meshName);
        Map<UUID, TrustIntermediate> latest = store.latestIntermediates(mesh.id);
        List<Issued> out = new ArrayList<>();
        for (TrustIntermediate i : latest.values()) {
            Cluster cluster = Cluster.findById(i.clusterId);
            if (cluster != null) {
                out.add(new Issued(cluster, i, TrustRoot.findById(i.rootId)));
            }
        }
        out.sort(java.util.Comparator.comparing(i -> i.cluster().name));
        return out;
    }

    /** A rotation, its per-cluster progress while active, and its events. */
    public record Rotation(TrustRotation rotation, List<RotationProgress.ClusterProgress> clusters,
            List<TrustStore.Event> events) {
    }

    @Transactional
    public Rotation rotation(Tenant tenant, String meshName, String id) {
        Mesh mesh = mesh(tenant, meshName);
        TrustRotation rotation = RotationService.find(mesh, id);
        List<RotationProgress.ClusterProgress> clusters = rotation.status().active()
                ? layouts.forMesh(mesh).map(t -> progress.evaluate(rotation, t)).orElse(List.of())
                : null;
        return new Rotation(rotation, clusters, store.events(rotation.id));
    }

    @Transactional
    public List<TrustRotation> rotations(Tenant tenant, String meshName) {
        return TrustRotation.list("meshId = ?1 order by createdAt desc", mesh(tenant, meshName).id);
    }

    private static Mesh mesh(Tenant tenant, String meshName) {
        return Mesh.findByName(tenant.id, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
    }
}
