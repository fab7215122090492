package dev.meshfleet.trust.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import dev.meshfleet.common.error.Checks;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;
import dev.meshfleet.trust.rest.TrustViews.RotationView;
import dev.meshfleet.trust.service.RotationService;
import dev.meshfleet.trust.service.TrustQueries;
import dev.meshfleet.trust.store.TrustRotation;

/**
 * Root rotations of a mesh: old root -> old+new -> intermediates under new -> verify -> soak -> new alone, each phase
 * advancing only when every cluster shows it. Abort rolls back through the same phases. Admins act, viewers watch.
 */
@Path("/api/v1/tenants/{tenant}/meshes/{mesh}/trust/rotations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "trust")
public class RotationResource {
    private final TenantAccess access;
    private final RotationService rotations;
    private final TrustQueries queries;

    public RotationResource(TenantAccess access, RotationService rotations, TrustQueries queries) {
        this.access = access;
        this.rotations = rotations;
        this.queries = queries;
    }

    /** An optional reason, recorded with the action. */
    public record ActionRequest(String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON) // only here: a GET is not refused for the Content-Type a client sends
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Start rotating the mesh's clusters to another of its roots; refused (409, naming each cluster "
            + "and reason) on setups known to break multi-root trust")
    @APIResponse(responseCode = "201", description = "Created; the engine runs it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RotationView.class)))
    public Response start(@RestPath String tenant, @RestPath String mesh, RotationService.RotationRequest body) {
        TrustRotation rotation = rotations.start(access.tenant(), mesh, body);
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/meshes/" + mesh + "/trust/rotations/"
                + rotation.id)).entity(view(mesh, rotation.id.toString())).build();
    }

    @GET
    @TenantRole(Role.VIEWER)
    @Operation(summary = "The mesh's rotations, newest first")
    public List<RotationView> list(@RestPath String tenant, @RestPath String mesh) {
        return queries.rotations(access.tenant(), mesh).stream().map(r -> RotationView.of(r, null, null)).toList();
    }

    @GET
    @Path("/{id}")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "A rotation: phase, status, per cluster what the phase still waits for, and its events")
    public RotationView get(@RestPath String tenant, @RestPath String mesh, @RestPath String id) {
        return view(mesh, id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON) // only here: a GET is not refused for the Content-Type a client sends
    @Path("/{id}/{action}")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Act on a rotation: pause, resume, abort (roll back to the old root through the same gated "
            + "phases)")
    @APIResponse(responseCode = "202", description = "Accepted; the engine acts on it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RotationView.class)))
    public Response act(@RestPath String tenant, @RestPath String mesh, @RestPath String id, @RestPath String action,
            ActionRequest body) {
        new Checks().require(body == null || body.reason() == null || body.reason().length() <= 1000, "$.reason",
                "at most 1000 characters").throwIfAny();
        rotations.act(access.tenant(), mesh, id, action, body == null ? null : body.reason());
        return Response.accepted(view(mesh, id)).build();
    }

    private RotationView view(String mesh, String id) {
        TrustQueries.Rotation r = queries.rotation(access.tenant(), mesh, id);
        return RotationView.of(r.rotation(), r.clusters(), r.events());
    }
}
