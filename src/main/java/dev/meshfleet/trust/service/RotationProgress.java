package dev.meshfleet.trust.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.trust.core.ClusterEvidence;
import dev.meshfleet.trust.service.TrustLayouts.MeshTrust;
import dev.meshfleet.trust.store.TrustRotation;
import dev.meshfleet.trust.store.TrustStore;

/**
 * Where each cluster of a rotating mesh stands in the current phase: judged from its agent's last trust report against
 * what the mesh's clusters should hold now (the engine advances on it; the API shows it).
 */
@ApplicationScoped
public class RotationProgress {
    private final TrustLayouts layouts;
    private final TrustStore store;

    public RotationProgress(TrustLayouts layouts, TrustStore store) {
        this.layouts = layouts;
        this.store = store;
    }

    /** One cluster: the evidence judged now, when it last reported, when it first showed the phase's evidence. */
    public record ClusterProgress(Cluster cluster, ClusterEvidence evidence, OffsetDateTime reportedAt,
            OffsetDateTime confirmedAt) {
    }

    public List<ClusterProgress> evaluate(TrustRotation rotation, MeshTrust trust) {
        List<Cluster> clusters = layouts.clusters(trust);
        Map<UUID, TrustStore.StoredReport> reports = store.reports(clusters.stream().map(c -> c.id).toList());
        Map<UUID, OffsetDateTime> confirmed = store.confirmations(rotation.id, rotation.direction, rotation.phase);
        String rootCertSha = Fingerprints.sha256(trust.rootCertPem());
        String issuerSha = trust.issuer().sha256;
        String oldIssuerSha = trust.sha256(rotation.outgoingRoot());
        List<ClusterProgress> out = new ArrayList<>();
        for (Cluster cluster : clusters) {
            TrustStore.StoredReport stored = reports.get(cluster.id);
            boolean hadOld = trust.state().probeLeaves && store.issuedTo(trust.mesh().id, cluster.id, rotation.outgoingRoot());
            ClusterEvidence evidence = ClusterEvidence.judge(new ClusterEvidence.Expected(rootCertSha, issuerSha,
                    trust.state().probeLeaves, oldIssuerSha, hadOld), stored == null ? null : stored.report());
            out.add(new ClusterProgress(cluster, evidence, stored == null ? null : stored.reportedAt(),
                    confirmed.get(cluster.id)));
        }
        return out;
    }
}
