package dev.meshfleet.tenancy;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.transaction.Transactional;
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

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ConflictException;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;

/** A tenant's members: users (token subjects) or groups (token groups claim), each with a role. Tenant admins only. */
@Path("/api/v1/tenants/{tenant}/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "memberships")
public class MembershipResource {
    private final TenantAccess access;
    private final AuditLog audit;
    private final CurrentCaller caller;

    public MembershipResource(TenantAccess access, AuditLog audit, CurrentCaller caller) {
        this.access = access;
        this.caller = caller;
        this.audit = audit;
    }

    /** Exactly one of {@code subject} and {@code group}. */
    public record AddMember(String subject, String group, Role role) {
    }

    public record ChangeRole(Role role) {
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
        List<Membership> rows = Membership
                .find("tenantId = ?1 and (principalKind || ':' || principal) > ?2 order by principalKind || ':' || principal",
                        access.tenant().id, after)
                .page(0, max + 1).list();
        return Page.of(rows, max, MemberView::of, m -> m.principalKind + ":" + m.principal);
    }

    @POST
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Add a member")
    @APIResponse(responseCode = "201", description = "Added",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MemberView.class)))
    public Response add(@RestPath String tenant, AddMember body) {
        new Checks().present(body, "$").throwIfAny();
        boolean hasSubject = body.subject() != null;
        boolean hasGroup = body.group() != null;
        new Checks().require(hasSubject != hasGroup, hasSubject ? "$.group" : "$.subject",
                "give exactly one of 'subject' and 'group'")
                .require(!hasSubject || (!body.subject().isBlank() && body.subject().length() <= 255), "$.subject",
                        "must be 1 to 255 characters")
                .require(!hasGroup || (!body.group().isBlank() && body.group().length() <= 255), "$.group",
                        "must be 1 to 255 characters")
                .present(body.role(), "$.role")
                .throwIfAny();
        Membership m = new Membership();
        m.id = UUID.randomUUID();
        m.tenantId = access.tenant().id;
        m.principalKind = hasSubject ? "user" : "group";
        m.principal = hasSubject ? body.subject() : body.group();
        m.role = body.role();
        if (Membership.count("tenantId = ?1 and principalKind = ?2 and principal = ?3", m.tenantId, m.principalKind,
                m.principal) > 0) {
            throw new ConflictException(m.principalKind + " '" + m.principal + "' is already a member");
        }
        m.persistAndFlush();
        Membership.getEntityManager().refresh(m);
        audit.record(caller.actor(), Change.of(m.tenantId, "membership.add", "membership", m.principalKind + ":" + m.principal)
                .details(Map.of("role", m.role.wireName())));
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/members/" + m.id)).entity(MemberView.of(m))
                .build();
    }

    @PATCH
    @Path("/{member}")
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Change a member's role")
    public MemberView changeRole(@RestPath String tenant, @RestPath String member, ChangeRole body) {
        new Checks().present(body, "$").throwIfAny();
        new Checks().present(body.role(), "$.role").throwIfAny();
        lockAdmins();
        Membership m = find(member);
        Role before = m.role;
        if (before == Role.ADMIN && body.role() != Role.ADMIN) {
            requireAnotherAdmin(m);
        }
        m.role = body.role();
        audit.record(caller.actor(), Change.of(m.tenantId, "membership.change-role", "membership", m.principalKind + ":" + m.principal)
                .details(Map.of("before", before.wireName(), "after", m.role.wireName())));
        return MemberView.of(m);
    }

    @DELETE
    @Path("/{member}")
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Remove a member")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response remove(@RestPath String tenant, @RestPath String member) {
        lockAdmins();
        Membership m = find(member);
        if (m.role == Role.ADMIN) {
            requireAnotherAdmin(m);
        }
        m.delete();
        audit.record(caller.actor(), Change.of(m.tenantId, "membership.remove", "membership", m.principalKind + ":" + m.principal));
        return Response.noContent().build();
    }

    private Membership find(String member) {
        UUID id;
        try {
            id = UUID.fromString(member);
        } catch (IllegalArgumentException e) {
            throw NotFoundException.of("member", member);
        }
        Membership m = Membership.findById(id);
        if (m == null || !m.tenantId.equals(access.tenant().id)) {
            throw NotFoundException.of("member", member);
        }
        return m;
    }

    /**
     * Serialises the changes that can take away an admin in this tenant: without it, two admins removing (or demoting)
     * each other at once both see two admins, both succeed, and the tenant is left with none. The lock is taken before
     * the member is read, so the role checked below is the committed one.
     */
    private void lockAdmins() {
        Tenant.getEntityManager().createNativeQuery("SELECT id FROM tenants WHERE id = :id FOR UPDATE")
                .setParameter("id", access.tenant().id).getResultList();
    }

    /** A tenant without an admin could only be repaired by a platform admin, so the last one stays. */
    private void requireAnotherAdmin(Membership leaving) {
        if (Membership.countAdmins(leaving.tenantId) <= 1) {
            throw new ConflictException("a tenant must keep at least one admin; add another admin first");
        }
    }
}
