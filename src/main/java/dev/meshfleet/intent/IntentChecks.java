package dev.meshfleet.intent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.meshfleet.cluster.FleetTargets;
import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.analysis.Finding;
import dev.meshfleet.render.analysis.IntentAnalyzer;
import dev.meshfleet.render.analysis.OtherMesh;

/**
 * Runs the semantic analysis for a mesh's candidate intent in its fleet context: the tenant's other meshes that land
 * on at least one of the same clusters. Errors refuse the intent (400 with each finding's path, message and code).
 */
@ApplicationScoped
public class IntentChecks {
    private final FleetTargets targets;
    private final RevisionDocuments documents;

    public IntentChecks(FleetTargets targets, RevisionDocuments documents) {
        this.targets = targets;
        this.documents = documents;
    }

    public List<Finding> analyze(Mesh mesh, MeshIntent candidate) {
        return IntentAnalyzer.analyze(candidate, neighbours(mesh));
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

    private List<OtherMesh> neighbours(Mesh mesh) {
        Set<String> mine = names(targets.selected(mesh.tenantId, mesh.placement));
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

    private static Set<String> names(List<dev.meshfleet.cluster.Cluster> clusters) {
        Set<String> names = new HashSet<>();
        clusters.forEach(c -> names.add(c.name));
        return names;
    }
}
