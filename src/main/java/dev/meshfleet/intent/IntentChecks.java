package dev.meshfleet.intent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.ClusterLabelsChanging;
import dev.meshfleet.common.labels.LabelSelector;
import dev.meshfleet.cluster.FleetTargets;
import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.intent.model.ClusterOverrides;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.analysis.IntentAnalyzer;
import dev.meshfleet.intent.analysis.OtherMesh;

/**
 * Runs the semantic analysis for a mesh's candidate intent in its fleet context: the tenant's other meshes that land
 * on at least one of the same clusters. Errors refuse the intent (400 with each finding's path, message and code).
 */
@ApplicationScoped
public class IntentChecks {
    private final FleetTargets targets;
    private final RevisionDocuments documents;
    /** Render's schema check of every cluster shape, called without importing render (render is above intent). */
    private final RenderabilityCheck renderability;

    public IntentChecks(FleetTargets targets, RevisionDocuments documents, RenderabilityCheck renderability) {
        this.targets = targets;
        this.documents = documents;
        this.renderability = renderability;
    }

    /**
     * The analysis findings and render's MF205 for raw resources; when they hold no error, also MF301 for every resource that fails Istio's schema on any
     * cluster shape (matching overrides and Istio API version) among the clusters the mesh's placement selects. What
     * plans show, and what PUTs, restores, placement and cluster label changes refuse.
     */
    public List<Finding> analyze(Mesh mesh, MeshIntent candidate) {
        List<Cluster> fleet = targets.selected(mesh.tenantId, mesh.placement);
        List<Finding> findings = new ArrayList<>(IntentAnalyzer.analyze(candidate, neighbours(mesh, fleet)));
        findings.addAll(renderability.checkRawResources(candidate));
        if (findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR)) {
            return List.copyOf(findings); // refused already; rendered as the CLI does, only once the analysis passes
        }
        int revision = mesh.currentRevision == null ? 1 : mesh.currentRevision + 1;
        findings.addAll(renderability.check(candidate, mesh.name, revision,
                fleet.stream().map(FleetTargets::facts).toList()));
        return List.copyOf(findings);
    }

    /** Returns the warnings; throws when there is any error. */
    public List<Finding> requireNoErrors(Mesh mesh, MeshIntent candidate) {
        List<Finding> findings = analyze(mesh, candidate);
        List<FieldError> errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR)
                .map(f -> new FieldError(f.path(), f.message(), f.code())).toList();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors.size() == 1 ? errors.get(0).path() + ": " + errors.get(0).message()
                    : "the intent has " + errors.size() + " errors", errors);
        }
        return findings;
    }

    /**
     * Refuses a cluster's new labels when a mesh that newly selects the cluster, or whose overrides now match it
     * differently, would fail its checks there (what that mesh's plan would show as errors).
     */
    void clusterLabelsChanging(@Observes ClusterLabelsChanging change) {
        Cluster cluster = change.cluster();
        List<FieldError> errors = new ArrayList<>();
        for (Mesh mesh : Mesh.<Mesh> list("tenantId = ?1 and currentRevision is not null order by name", cluster.tenantId)) {
            LabelSelector placement = targets.placement(mesh.placement).toSelector();
            if (!placement.matches(cluster.labels)) {
                continue;
            }
            MeshIntent intent = documents.model(mesh.id, mesh.currentRevision);
            boolean unchanged = change.before() != null && placement.matches(change.before())
                    && ClusterOverrides.matching(intent, change.before())
                            .equals(ClusterOverrides.matching(intent, cluster.labels));
            if (!unchanged) {
                analyzeOn(cluster, mesh, intent).stream().filter(f -> f.severity() == Finding.Severity.ERROR)
                        .map(f -> new FieldError(f.path(), "mesh '" + mesh.name + "': " + f.message(), f.code()))
                        .forEach(errors::add);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException("with these labels, cluster '" + cluster.name + "' would receive intent that "
                    + "fails its checks: " + errors.get(0).path() + ": " + errors.get(0).message(), errors);
        }
    }

    /**
     * The mesh's current intent checked on one cluster only: the other meshes that select that cluster, and its render
     * shape. The rest of the fleet was checked when the intent and its labels were accepted, and what a cluster's labels
     * change can add is findings about that cluster; checking the mesh's whole fleet made each registration cost more
     * than the last (a fleet of 10,000 took minutes to register) and could refuse a cluster for an error elsewhere.
     */
    private List<Finding> analyzeOn(Cluster cluster, Mesh mesh, MeshIntent intent) {
        List<OtherMesh> others = new ArrayList<>();
        for (Mesh other : Mesh.<Mesh> list("tenantId = ?1 and id <> ?2 and currentRevision is not null", mesh.tenantId,
                mesh.id)) {
            if (targets.placement(other.placement).toSelector().matches(cluster.labels)) {
                others.add(new OtherMesh(other.name, documents.model(other.id, other.currentRevision), Set.of(cluster.name)));
            }
        }
        List<Finding> findings = new ArrayList<>(IntentAnalyzer.analyze(intent, others));
        findings.addAll(renderability.checkRawResources(intent));
        if (findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR)) {
            findings.addAll(renderability.check(intent, mesh.name, mesh.currentRevision, List.of(FleetTargets.facts(cluster))));
        }
        return findings;
    }

    private List<OtherMesh> neighbours(Mesh mesh, List<Cluster> fleet) {
        Set<String> mine = names(fleet);
        if (mine.isEmpty()) {
            return List.of();
        }
        List<OtherMesh> others = new ArrayList<>();
        for (Mesh other : Mesh.<Mesh> list("tenantId = ?1 and id <> ?2 and currentRevision is not null", mesh.tenantId,
                mesh.id)) {
            Set<String> shared = names(targets.selected(other.tenantId, other.placement));
            shared.retainAll(mine);
            if (!shared.isEmpty()) {
                others.add(new OtherMesh(other.name, documents.model(other.id, other.currentRevision), shared));
            }
        }
        return others;
    }

    private static Set<String> names(List<Cluster> clusters) {
        Set<String> names = new HashSet<>();
        clusters.forEach(c -> names.add(c.name));
        return names;
    }
}
