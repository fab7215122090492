package dev.meshfleet.tenancy.rest;

import java.net.URI;
import java.time.OffsetDateTime;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.Tenant;
import dev.meshfleet.tenancy.TenantRole;
import dev.meshfleet.tenancy.service.TenantService;
import dev.meshfleet.tenancy.service.TenantService.CreateTenant;

/** Tenants. Platform admins create and delete them; members see the tenants they belong to. */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tenants")
public class TenantResource {
    private final TenantService tenants;

    public TenantResource(TenantService tenants) {
        this.tenants = tenants;
    }

    public record TenantView(String name, String displayName, OffsetDateTime createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.name, t.displayName, t.createdAt);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a tenant (platform admins)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TenantView.class)))
    public Response create(CreateTenant body) {
        Tenant tenant = tenants.create(body);
        return Response.created(URI.create("/api/v1/tenants/" + tenant.name)).entity(TenantView.of(tenant)).build();
    }

    @GET
    @Operation(summary = "List tenants: all of them for platform admins, else those the caller is a member of")
    public Page<TenantView> list(@RestQuery Integer limit, @RestQuery String cursor) {
        int max = Cursor.limit(limit);
        return Page.of(tenants.visible(Cursor.decode(cursor).orElse(""), max + 1), max, TenantView::of, t -> t.name);
    }

    @GET
    @Path("/{tenant}")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Get a tenant")
    public TenantView get(@RestPath String tenant) {
        return TenantView.of(tenants.get(tenant));
    }

    @DELETE
    @Path("/{tenant}")
    @Operation(summary = "Delete a tenant and everything in it (platform admins)")
    @APIResponse(responseCode = "204", description = "Deleted, with everything in the tenant")
    public Response delete(@RestPath String tenant) {
        tenants.delete(tenant);
        return Response.noContent().build();
    }
}
