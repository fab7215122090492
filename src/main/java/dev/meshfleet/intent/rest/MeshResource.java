package dev.meshfleet.intent.rest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.common.labels.Placement;
import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.service.MeshService;
import dev.meshfleet.intent.service.MeshService.CreateMesh;
import dev.meshfleet.intent.service.MeshService.PatchMesh;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/** Meshes of a tenant: name, trust domain, placement. Their intent lives under {@code .../intent}. */
@Path("/api/v1/tenants/{tenant}/meshes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "meshes")
public class MeshResource {
    /** RFC 7396 JSON merge patch; plain application/json is accepted too, meaning the same (as for clusters). */
    static final String MERGE_PATCH = "application/merge-patch+json";

    private final TenantAccess access;
    private final MeshService meshes;
    private final ObjectMapper json;

    public MeshResource(TenantAccess access, MeshService meshes, ObjectMapper json) {
        this.access = access;
        this.meshes = meshes;
        this.json = json;
    }

    public record MeshView(String name, String trustDomain, @Schema(nullable = true) Placement placement,
            @Schema(nullable = true) Map<String, Object> delivery,
            @Schema(nullable = true) Integer currentRevision, OffsetDateTime createdAt) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Create a mesh")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MeshView.class)))
    public Response create(@RestPath String tenant, CreateMesh body) {
        Mesh mesh = meshes.create(access.tenant().id, body);
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/meshes/" + mesh.name)).entity(view(mesh))
                .build();
    }

    @GET
    @TenantRole(Role.VIEWER)
    @Operation(summary = "List meshes")
    public Page<MeshView> list(@RestPath String tenant, @RestQuery Integer limit, @RestQuery String cursor) {
        int max = Cursor.limit(limit);
        return Page.of(meshes.list(access.tenant().id, Cursor.decode(cursor).orElse(""), max + 1), max, this::view,
                m -> m.name);
    }

    @GET
    @Path("/{mesh}")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Get a mesh")
    public MeshView get(@RestPath String tenant, @RestPath String mesh) {
        return view(meshes.get(access.tenant().id, mesh));
    }

    @PATCH
    @Path("/{mesh}")
    @Consumes({ MERGE_PATCH, MediaType.APPLICATION_JSON })
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Change a mesh's placement and/or delivery policy (JSON merge patch; placement is replaced whole)")
    public MeshView patch(@RestPath String tenant, @RestPath String mesh, PatchMesh body) {
        return view(meshes.patch(access.tenant().id, mesh, body));
    }

    @DELETE
    @Path("/{mesh}")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Delete a mesh and its revisions")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@RestPath String tenant, @RestPath String mesh) {
        meshes.delete(access.tenant().id, mesh);
        return Response.noContent().build();
    }

    private MeshView view(Mesh m) {
        return new MeshView(m.name, m.trustDomain, json.convertValue(m.placement, Placement.class), m.deliveryPolicy,
                m.currentRevision, m.createdAt);
    }
}
