package dev.meshfleet.trust.service;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.FleetTargets;
import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.protocol.TrustDesired;
import dev.meshfleet.trust.TrustConfig;
import dev.meshfleet.trust.store.TrustMesh;
import dev.meshfleet.trust.store.TrustRoot;

/**
 * What a mesh's clusters should hold in {@code cacerts}, and which mesh's trust a cluster follows: a cluster has one
 * {@code cacerts}, so when several meshes with roots place it, the one whose trust was set up first owns it (stable, and
 * a later mesh cannot take over a cluster's CA by being created).
 */
@ApplicationScoped
public class TrustLayouts {
    private final FleetTargets targets;
    private final TrustConfig config;

    public TrustLayouts(FleetTargets targets, TrustConfig config) {
        this.targets = targets;
        this.config = config;
    }

    /** A mesh's trust state with its roots at hand. */
    public record MeshTrust(Mesh mesh, TrustMesh state, Map<UUID, TrustRoot> roots) {
        public TrustRoot issuer() {
            return roots.get(state.issuerRootId);
        }

        /** The exact {@code root-cert.pem}: the bundle's roots in order, a repeated root repeated. */
        public String rootCertPem() {
            StringBuilder pem = new StringBuilder();
            for (UUID id : state.bundleRoots()) {
                String one = roots.get(id).certificatePem;
                pem.append(one.endsWith("\n") ? one : one + "\n");
            }
            return pem.toString();
        }

        /** The distinct roots of the bundle, in order. */
        public List<TrustRoot> bundleRoots() {
            return state.bundleRoots().stream().distinct().map(roots::get).toList();
        }

        public String sha256(UUID rootId) {
            return roots.get(rootId).sha256;
        }
    }

    public Optional<MeshTrust> forMesh(Mesh mesh) {
        TrustMesh state = TrustMesh.findById(mesh.id);
        return state == null ? Optional.empty() : Optional.of(of(mesh, state));
    }

    private static MeshTrust of(Mesh mesh, TrustMesh state) {
        Map<UUID, TrustRoot> roots = new HashMap<>();
        TrustRoot.ofMesh(mesh.id).forEach(r -> roots.put(r.id, r));
        return new MeshTrust(mesh, state, roots);
    }

    /** The mesh whose trust the cluster follows, if any. */
    public Optional<MeshTrust> forCluster(Cluster cluster) {
        List<TrustMesh> states = TrustMesh.list("tenantId", cluster.tenantId);
        states.sort(Comparator.comparing((TrustMesh s) -> s.createdAt).thenComparing(s -> s.meshId));
        for (TrustMesh state : states) {
            Mesh mesh = Mesh.findById(state.meshId);
            if (mesh != null && targets.placement(mesh.placement).toSelector().matches(cluster.labels)) {
                return Optional.of(of(mesh, state));
            }
        }
        return Optional.empty();
    }

    /** The clusters whose trust follows the mesh (placed by it, and not owned by a mesh set up earlier). */
    public List<Cluster> clusters(MeshTrust trust) {
        return targets.selected(trust.mesh().tenantId, trust.mesh().placement).stream()
                .filter(c -> forCluster(c).map(t -> t.mesh().id.equals(trust.mesh().id)).orElse(false)).toList();
    }

    public TrustDesired desired(MeshTrust trust) {
        String pem = trust.rootCertPem();
        return new TrustDesired(trust.mesh().trustDomain, trust.issuer().sha256, pem, Fingerprints.sha256(pem),
                config.renewAt(), trust.state().probeLeaves);
    }
}
