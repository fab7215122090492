package dev.meshfleet.delivery.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import dev.meshfleet.delivery.service.StatusService;
import dev.meshfleet.delivery.service.StatusService.MeshStatus;
import dev.meshfleet.intent.service.MeshService;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/** Fleet status of a mesh: per cluster the desired and applied revision, state, last contact, errors and drift. */
@Path("/api/v1/tenants/{tenant}/meshes/{mesh}/status")
@Tag(name = "delivery")
public class StatusResource {
    private final TenantAccess access;
    private final MeshService meshes;
    private final StatusService status;

    public StatusResource(TenantAccess access, MeshService meshes, StatusService status) {
        this.access = access;
        this.meshes = meshes;
        this.status = status;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Where the mesh's current revision is applied, pending, failed or disconnected")
    public MeshStatus status(@RestPath String tenant, @RestPath String mesh) {
        return status.status(meshes.get(access.tenant().id, mesh));
    }
}
