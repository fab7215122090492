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
import dev.meshfleet.common.error.ForbiddenException;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.common.outbox.Outbox;
import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;

/** Tenants. Platform admins create and delete them; members see the tenants they belong to. */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "tenants")
public class TenantResource {
    private final CurrentCaller caller;
    private final AuditLog audit;
    private final Outbox outbox;

    public TenantResource(CurrentCaller caller, AuditLog audit, Outbox outbox) {
        this.caller = caller;
        this.audit = audit;
        this.outbox = outbox;
    }

    public record CreateTenant(String name, String displayName) {
    }

    public record TenantView(String name, String displayName, OffsetDateTime createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.name, t.displayName, t.createdAt);
        }
    }

    @POST
    @Transactional
    @Operation(summary = "Create a tenant (platform admins)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TenantView.class)))
    public Response create(CreateTenant body) {
        requirePlatformAdmin();
        new Checks().present(body, "$").throwIfAny();
        new Checks().dnsLabel(body.name(), "$.name")
                .require(body.displayName() == null || body.displayName().length() <= 200, "$.displayName",
                        "must be at most 200 characters")
                .throwIfAny();
        if (Tenant.findByName(body.name()).isPresent()) {
            throw new ConflictException("tenant '" + body.name() + "' already exists");
        }
        Tenant tenant = new Tenant();
        tenant.id = UUID.randomUUID();
        tenant.name = body.name();
        tenant.displayName = body.displayName() == null ? body.name() : body.displayName();
        tenant.persistAndFlush();
        Tenant.getEntityManager().refresh(tenant);
        audit.record(caller.actor(), Change.of(tenant.id, "tenant.create", "tenant", tenant.name));
        return Response.created(URI.create("/api/v1/tenants/" + tenant.name)).entity(TenantView.of(tenant)).build();
    }

    @GET
    @Operation(summary = "List tenants: all of them for platform admins, else those the caller is a member of")
    public Page<TenantView> list(@RestQuery Integer limit, @RestQuery String cursor) {
        int max = Cursor.limit(limit);
        String after = Cursor.decode(cursor).orElse("");
        Caller who = caller.get();
        List<Tenant> rows = who.platformAdmin()
                ? Tenant.find("name > ?1 order by name", after).page(0, max + 1).list()
                : Tenant.find("name > ?1 and id in (select m.tenantId from Membership m where "
                        + "(m.principalKind = 'user' and m.principal = ?2) or (m.principalKind = 'group' and m.principal in ?3)) "
                        + "order by name", after, who.subject(), who.groups().isEmpty() ? List.of("") : List.copyOf(who.groups()))
                        .page(0, max + 1).list();
        return Page.of(rows, max, TenantView::of, t -> t.name);
    }

    @GET
    @Path("/{tenant}")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Get a tenant")
    public TenantView get(@RestPath String tenant) {
        return TenantView.of(Tenant.findByName(tenant).orElseThrow(() -> NotFoundException.of("tenant", tenant)));
    }

    @DELETE
    @Path("/{tenant}")
    @Transactional
    @Operation(summary = "Delete a tenant and everything in it (platform admins)")
    @APIResponse(responseCode = "204", description = "Deleted, with everything in the tenant")
    public Response delete(@RestPath String tenant) {
        requirePlatformAdmin();
        Tenant found = Tenant.findByName(tenant).orElseThrow(() -> NotFoundException.of("tenant", tenant));
        found.delete();
        // every replica ends the streams it holds of the tenant's agents, with 'revoked' (their clusters are gone)
        outbox.add(Topics.DELIVERY_CHANGES, found.id.toString(), Map.of("revokedTenantId", found.id.toString()));
        audit.record(caller.actor(), Change.of(found.id, "tenant.delete", "tenant", found.name));
        return Response.noContent().build();
    }

    private void requirePlatformAdmin() {
        if (!caller.get().platformAdmin()) {
            throw new ForbiddenException("only platform admins manage tenants");
        }
    }
}
