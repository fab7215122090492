package dev.meshfleet.delivery.rest;

import java.util.List;

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

import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.delivery.service.PlanService;
import dev.meshfleet.delivery.service.PlanService.Candidate;
import dev.meshfleet.delivery.service.PlanService.Plan;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.service.MeshService;
import dev.meshfleet.render.Manifests;
import dev.meshfleet.render.RenderedResource;
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
    private final MeshService meshes;
    private final PlanService plans;

    public PlanResource(TenantAccess access, MeshService meshes, PlanService plans) {
        this.access = access;
        this.meshes = meshes;
        this.plans = plans;
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
        Candidate candidate = hasBody
                ? Candidate.of(IntentCodec.accept(body, IntentCodec.isJsonMediaType(contentType), mesh))
                : plans.revision(found, revision);
        return plans.plan(found, candidate);
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
        PlanService.Rendered rendered = plans.rendered(found, cluster);
        boolean selected = rendered.selected();
        List<RenderedResource> resources = rendered.resources();
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
        return meshes.get(access.tenant().id, mesh);
    }
}
