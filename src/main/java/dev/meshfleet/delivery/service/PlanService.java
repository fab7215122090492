package dev.meshfleet.delivery.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.cluster.FleetTargets;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.intent.IntentChecks;
import dev.meshfleet.intent.IntentCodec.CanonicalIntent;
import dev.meshfleet.intent.IntentRevision;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.RevisionDocuments;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.ClusterShape;
import dev.meshfleet.render.MeshRenderer;
import dev.meshfleet.render.PlanDiff;
import dev.meshfleet.render.RenderedResource;

/**
 * What a mesh's clusters should run: the rendered resources of one cluster now, and a plan of what a candidate intent
 * (or an earlier revision) would create, update and delete on every cluster the placement selects. Nothing is stored.
 */
@ApplicationScoped
public class PlanService {
    private final FleetTargets targets;
    private final RevisionDocuments documents;
    private final IntentChecks checks;

    public PlanService(FleetTargets targets, RevisionDocuments documents, IntentChecks checks) {
        this.targets = targets;
        this.documents = documents;
        this.checks = checks;
    }

    /** An intent to plan: a new document, or the stored revision {@code revision} (null for a new document). */
    public record Candidate(MeshIntent intent, String sha256, Integer revision) {
        public static Candidate of(CanonicalIntent parsed) {
            return new Candidate(parsed.model(), parsed.sha256(), null);
        }
    }

    public record ClusterPlan(String cluster, Map<String, String> labels, String istioApiVersion,
            List<PlanDiff.ResourceRef> create, List<PlanDiff.Update> update, List<PlanDiff.ResourceRef> delete,
            int unchanged) {
    }

    public record Plan(String mesh, @Schema(nullable = true) Integer currentRevision,
            @Schema(nullable = true) Integer candidateRevision, String candidateSha256,
            boolean valid, List<Finding> findings, List<ClusterPlan> clusters) {
    }

    /** What the cluster should run now for this mesh; none when the placement does not select it. */
    public record Rendered(boolean selected, List<RenderedResource> resources) {
    }

    /** One of the mesh's earlier revisions as a candidate, or 404. */
    public Candidate revision(Mesh mesh, int number) {
        IntentRevision old = IntentRevision.findByNumber(mesh.id, number)
                .orElseThrow(() -> NotFoundException.of("revision", Integer.toString(number)));
        return new Candidate(documents.model(mesh.id, old.number), old.specSha256, number);
    }

    public Plan plan(Mesh mesh, Candidate candidate) {
        // the analysis includes the schema check of every cluster shape (MF301): the same code refuses PUTs
        List<Finding> findings = checks.analyze(mesh, candidate.intent());
        int candidateNumber = candidate.revision() != null ? candidate.revision()
                : (mesh.currentRevision == null ? 1 : mesh.currentRevision + 1);
        MeshIntent current = mesh.currentRevision == null ? null : documents.model(mesh.id, mesh.currentRevision);
        Map<ClusterShape, List<RenderedResource>> nowByShape = new HashMap<>();
        Map<ClusterShape, List<RenderedResource>> nextByShape = new HashMap<>();
        List<ClusterPlan> clusters = new ArrayList<>();
        for (Cluster cluster : targets.selected(mesh.tenantId, mesh.placement)) {
            ClusterFacts facts = FleetTargets.facts(cluster);
            // clusters of one shape render alike: once per shape
            List<RenderedResource> now = current == null ? List.of()
                    : nowByShape.computeIfAbsent(ClusterShape.of(current, facts),
                            s -> MeshRenderer.render(current, mesh.name, mesh.currentRevision, facts));
            List<RenderedResource> next = nextByShape.computeIfAbsent(ClusterShape.of(candidate.intent(), facts),
                    s -> MeshRenderer.render(candidate.intent(), mesh.name, candidateNumber, facts));
            PlanDiff.ClusterChanges changes = PlanDiff.between(now, next);
            clusters.add(new ClusterPlan(cluster.name, new TreeMap<>(cluster.labels), facts.istioApiVersion(),
                    changes.create(), changes.update(), changes.delete(), changes.unchanged()));
        }
        boolean valid = findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
        return new Plan(mesh.name, mesh.currentRevision, candidate.revision(), candidate.sha256(), valid, findings,
                clusters);
    }

    /** The cluster must be the mesh's tenant's (else 404); empty when the mesh has no intent yet. */
    public Rendered rendered(Mesh mesh, String clusterName) {
        Cluster target = Cluster.findByName(mesh.tenantId, clusterName)
                .orElseThrow(() -> NotFoundException.of("cluster", clusterName));
        boolean selected = targets.selected(mesh.tenantId, mesh.placement).stream().anyMatch(c -> c.id.equals(target.id));
        List<RenderedResource> resources = !selected || mesh.currentRevision == null ? List.of()
                : MeshRenderer.render(documents.model(mesh.id, mesh.currentRevision), mesh.name, mesh.currentRevision,
                        FleetTargets.facts(target));
        return new Rendered(selected, resources);
    }
}
