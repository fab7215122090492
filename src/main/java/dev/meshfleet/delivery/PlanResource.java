package dev.meshfleet.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.FleetTargets;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.IntentChecks;
import dev.meshfleet.intent.IntentRevision;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.RevisionDocuments;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.render.ClusterShape;
import dev.meshfleet.render.Manifests;
import dev.meshfleet.render.MeshRenderer;
import dev.meshfleet.render.PlanDiff;
import dev.meshfleet.render.RenderedResource;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/**
 * What a mesh's clusters should run: the rendered resources of one cluster now, and a plan of what a candidate intent
 * (or an earlier revision) would create, update and delete on every cluster the placement selects. Nothing is stored.
 */
@Path("/api/v1/tenants/{tenant}/meshes/{mesh}")
@Tag(name = "delivery")
public class PlanResource {
    private static final String YAML = "application/yaml";

    private final TenantAccess access;
    private final FleetTargets targets;
    private final RevisionDocuments documents;
    private final IntentChecks checks;

    public PlanResource(TenantAccess access, FleetTargets targets, RevisionDocuments documents, IntentChecks checks) {
        this.access = access;
        this.targets = targets;
        this.documents = documents;
        this.checks = checks;
    }

    public record ClusterPlan(String cluster, Map<String, String> labels, String istioApiVersion,
            List<PlanDiff.ResourceRef> create, List<PlanDiff.Update> update, List<PlanDiff.ResourceRef> delete,
            int unchanged) {
    }

    public record Plan(String mesh, @Schema(nullable = true) Integer currentRevision,
            @Schema(nullable = true) Integer candidateRevision, String candidateSha256,
            boolean valid, List<Finding> findings, List<ClusterPlan> clusters) {
    }

    @POST
    @Path("/plan")
    @Consumes({ YAML, "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.WILDCARD })
    @Produces(MediaType.APPLICATION_JSON)
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Plan a candidate intent (the body) or an earlier revision (?revision=N) across the fleet",
            description = "For every cluster the placement selects: resources to create, update (with a field-level "
                    + "diff) and delete, plus the analysis findings. Nothing is stored.")
    @RequestBody(required = false, content = {
            @Content(mediaType = YAML, schema = @Schema(implementation = MeshIntent.class)),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeshIntent.class)) })
    public Plan plan(@RestPath String tenant, @RestPath String mesh, @RestQuery Integer revision,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        Mesh found = findMesh(mesh);
        boolean hasBody = body != null && !body.isBlank();
        if (hasBody == (revision != null)) {
            throw ValidationException.of(hasBody ? "revision" : "body",
                    "give either a candidate intent as the body or ?revision=N, not both and not neither");
        }
        MeshIntent candidate;
        String sha;
        if (hasBody) {
            IntentCodec.CanonicalIntent parsed = IntentCodec.accept(body, IntentCodec.isJsonMediaType(contentType), mesh);
            candidate = parsed.model();
            sha = parsed.sha256();
        } else {
            IntentRevision old = IntentRevision.findByNumber(found.id, revision)
                    .orElseThrow(() -> NotFoundException.of("revision", revision.toString()));
            candidate = documents.model(found.id, old.number);
            sha = old.specSha256;
        }
        // the analysis includes the schema check of every cluster shape (MF301): the same code refuses PUTs
        List<Finding> findings = checks.analyze(found, candidate);
        int candidateNumber = revision != null ? revision : (found.currentRevision == null ? 1 : found.currentRevision + 1);
        MeshIntent current = found.currentRevision == null ? null : documents.model(found.id, found.currentRevision);
        Map<ClusterShape, List<RenderedResource>> nowByShape = new HashMap<>();
        Map<ClusterShape, List<RenderedResource>> nextByShape = new HashMap<>();
        List<ClusterPlan> clusters = new ArrayList<>();
        for (Cluster cluster : targets.selected(found.tenantId, found.placement)) {
            ClusterFacts facts = FleetTargets.facts(cluster);
            // clusters of one shape render alike: once per shape
            List<RenderedResource> now = current == null ? List.of()
                    : nowByShape.computeIfAbsent(ClusterShape.of(current, facts),
                            s -> MeshRenderer.render(current, mesh, found.currentRevision, facts));
            List<RenderedResource> next = nextByShape.computeIfAbsent(ClusterShape.of(candidate, facts),
                    s -> MeshRenderer.render(candidate, mesh, candidateNumber, facts));
            PlanDiff.ClusterChanges changes = PlanDiff.between(now, next);
            clusters.add(new ClusterPlan(cluster.name, new TreeMap<>(cluster.labels), facts.istioApiVersion(),
                    changes.create(), changes.update(), changes.delete(), changes.unchanged()));
        }
        boolean valid = findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
        return new Plan(mesh, found.currentRevision, revision, sha, valid, findings, clusters);
    }

    @GET
    @Path("/rendered")
    @Produces({ YAML, MediaType.APPLICATION_JSON })
    @TenantRole(Role.VIEWER)
    @Operation(summary = "The Istio resources a cluster should run now for this mesh (multi-document YAML, or JSON)",
            description = "Empty when the mesh has no intent yet or its placement does not select the cluster.")
    public Response rendered(@RestPath String tenant, @RestPath String mesh, @RestQuery String cluster,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        if (cluster == null || cluster.isBlank()) {
            throw ValidationException.of("cluster", "name the cluster: ?cluster=NAME");
        }
        Mesh found = findMesh(mesh);
        Cluster target = Cluster.findByName(found.tenantId, cluster).orElseThrow(() -> NotFoundException.of("cluster", cluster));
        boolean selected = targets.selected(found.tenantId, found.placement).stream().anyMatch(c -> c.id.equals(target.id));
        List<RenderedResource> resources = !selected || found.currentRevision == null ? List.of()
                : MeshRenderer.render(documents.model(found.id, found.currentRevision), mesh, found.currentRevision,
                        FleetTargets.facts(target));
        boolean json = accept != null && accept.contains(MediaType.APPLICATION_JSON) && !accept.contains("yaml");
        Object entity = json ? resources.stream().map(r -> (JsonNode) r.manifest()).toList()
                : resources.isEmpty() ? noResources(selected, cluster) : Manifests.toYaml(resources);
        Response.ResponseBuilder response = Response.ok(entity, json ? MediaType.APPLICATION_JSON : YAML)
                .header("Meshfleet-Targeted", selected);
        if (found.currentRevision != null) {
            response.header("Meshfleet-Revision", found.currentRevision);
        }
        return response.build();
    }

    /** An empty YAML stream that says why it is empty (a bare empty body reads like a failed download). */
    private static String noResources(boolean selected, String cluster) {
        return selected ? "# no resources: the mesh has no intent yet\n"
                : "# no resources: the mesh's placement does not select cluster " + cluster + "\n";
    }

    private Mesh findMesh(String mesh) {
        return Mesh.findByName(access.tenant().id, mesh).orElseThrow(() -> NotFoundException.of("mesh", mesh));
    }
}
