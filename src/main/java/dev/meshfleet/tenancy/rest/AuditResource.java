package dev.meshfleet.tenancy.rest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.meshfleet.audit.AuditEntry;
import dev.meshfleet.audit.AuditTrail;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/**
 * A tenant's audit log, newest first, filtered by actor, object and time. Served by tenancy, which knows the tenant
 * and the caller's role; the audit feature itself knows nothing of tenants beyond their ids.
 */
@Path("/api/v1/tenants/{tenant}/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
public class AuditResource {
    private final TenantAccess access;
    private final AuditTrail trail;

    public AuditResource(TenantAccess access, AuditTrail trail) {
        this.access = access;
        this.trail = trail;
    }

    public record AuditView(long id, String actor, String action, String objectType, String objectName,
            @Schema(nullable = true) Integer beforeRevision, @Schema(nullable = true) Integer afterRevision,
            String source, String requestId, @Schema(nullable = true) Map<String, Object> details,
            OffsetDateTime at) {
        static AuditView of(AuditEntry e) {
            return new AuditView(e.id, e.actor, e.action, e.objectType, e.objectName, e.beforeRevision, e.afterRevision,
                    e.source, e.requestId, e.details, e.at);
        }
    }

    @GET
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Audit entries, newest first; filter by actor, objectType, object (name), since and until (ISO-8601)")
    public Page<AuditView> list(@RestPath String tenant, @RestQuery String actor, @RestQuery String objectType,
            @RestQuery String object, @RestQuery String since, @RestQuery String until, @RestQuery Integer limit,
            @RestQuery String cursor) {
        Checks checks = new Checks();
        OffsetDateTime from = time(since, "since", checks);
        OffsetDateTime to = time(until, "until", checks);
        checks.throwIfAny();
        int max = Cursor.limit(limit);
        long before = Cursor.decodeLong(cursor).orElse(Long.MAX_VALUE);

        List<AuditEntry> rows = trail.page(access.tenant().id, new AuditTrail.Filter(actor, objectType, object, from, to),
                before, max + 1);
        return Page.of(rows, max, AuditView::of, e -> Long.toString(e.id));
    }

    private static OffsetDateTime time(String value, String name, Checks checks) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            checks.add(name, "must be an ISO-8601 time with offset, e.g. 2026-11-27T10:00:00Z");
            return null;
        }
    }
}
