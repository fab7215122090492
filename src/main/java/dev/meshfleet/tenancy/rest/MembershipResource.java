package dev.meshfleet.tenancy.rest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.UUID;

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

import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.tenancy.Membership;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;
import dev.meshfleet.tenancy.service.MembershipService;
import dev.meshfleet.tenancy.service.MembershipService.AddMember;
import dev.meshfleet.tenancy.service.MembershipService.ChangeRole;

/** A tenant's members: users (token subjects) or groups (token groups claim), each with a role. Tenant admins only. */
@Path("/api/v1/tenants/{tenant}/members")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "memberships")
public class MembershipResource {
    private final TenantAccess access;
    private final MembershipService members;

    public MembershipResource(TenantAccess access, MembershipService members) {
        this.access = access;
        this.members = members;
    }

    public record MemberView(UUID id, @Schema(nullable = true) String subject, @Schema(nullable = true) String group,
            Role role, OffsetDateTime createdAt) {
        static MemberView of(Membership m) {
            boolean user = m.principalKind.equals("user");
            return new MemberView(m.id, user ? m.principal : null, user ? null : m.principal, m.role, m.createdAt);
        }
    }

    @GET
    @TenantRole(Role.ADMIN)
    @Operation(summary = "List members")
    public Page<MemberView> list(@RestPath String tenant, @RestQuery Integer limit, @RestQuery String cursor) {
        int max = Cursor.limit(limit);
        String after = Cursor.decode(cursor).orElse("");
        return Page.of(members.list(access.tenant().id, after, max + 1), max, MemberView::of,
                m -> m.principalKind + ":" + m.principal);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Add a member")
    @APIResponse(responseCode = "201", description = "Added",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MemberView.class)))
    public Response add(@RestPath String tenant, AddMember body) {
        Membership m = members.add(access.tenant().id, body);
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/members/" + m.id)).entity(MemberView.of(m))
                .build();
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{member}")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Change a member's role")
    public MemberView changeRole(@RestPath String tenant, @RestPath String member, ChangeRole body) {
        return MemberView.of(members.changeRole(access.tenant().id, member, body));
    }

    @DELETE
    @Path("/{member}")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Remove a member")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response remove(@RestPath String tenant, @RestPath String member) {
        members.remove(access.tenant().id, member);
        return Response.noContent().build();
    }
}
