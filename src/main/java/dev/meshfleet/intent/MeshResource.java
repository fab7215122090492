package dev.meshfleet.intent;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
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

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.tenancy.CurrentCaller;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.labels.Placement;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ConflictException;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.outbox.Outbox;
import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/** Meshes of a tenant: name, trust domain, placement. Their intent lives under {@code .../intent}. */
@Path("/api/v1/tenants/{tenant}/meshes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "meshes")
public class MeshResource {
    /** RFC 7396 JSON merge patch; plain application/json is accepted too, meaning the same (as for clusters). */
    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final TenantAccess access;
    private final AuditLog audit;
    private final CurrentCaller caller;
    private final ObjectMapper json;
    private final IntentChecks intentChecks;
    private final RevisionDocuments documents;
    private final Outbox outbox;

    public MeshResource(TenantAccess access, AuditLog audit, ObjectMapper json, IntentChecks intentChecks,
            RevisionDocuments documents, Outbox outbox, CurrentCaller caller) {
        this.outbox = outbox;
        this.caller = caller;
        this.access = access;
        this.audit = audit;
        this.json = json;
        this.intentChecks = intentChecks;
        this.documents = documents;
    }

    public record CreateMesh(String name, String trustDomain, Placement placement) {
    }

    /**
     * How the mesh's agents deliver: {@code forceConflicts} takes fields other field managers own (default false:
     * such resources are reported CONFLICT); {@code drift} is "correct" (default: changes by others are undone) or
     * "report" (only reported).
     */
    public record DeliveryPolicy(Boolean forceConflicts, String drift) {
    }

    /** Changes which clusters the mesh runs on, and/or how it is delivered. */
    public record PatchMesh(Placement placement, DeliveryPolicy delivery) {
    }

    public record MeshView(String name, String trustDomain, @Schema(nullable = true) Placement placement,
            @Schema(nullable = true) Map<String, Object> delivery,
            @Schema(nullable = true) Integer currentRevision, OffsetDateTime createdAt) {
    }

    @POST
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Create a mesh")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MeshView.class)))
    public Response create(@RestPath String tenant, CreateMesh body) {
        new Checks().present(body, "$").throwIfAny();
        Checks checks = new Checks().dnsLabel(body.name(), "$.name").present(body.trustDomain(), "$.trustDomain");
        if (body.trustDomain() != null) {
            checks.require(body.trustDomain().length() <= 253
                    && body.trustDomain().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"),
                    "$.trustDomain", "must be a DNS name such as cluster.local or prod.example.com");
        }
        Placement placement = body.placement() == null ? Placement.ALL : body.placement();
        placement.check("$.placement", checks);
        checks.throwIfAny();
        UUID tenantId = access.tenant().id;
        if (Mesh.findByName(tenantId, body.name()).isPresent()) {
            throw new ConflictException("mesh '" + body.name() + "' already exists");
        }
        Mesh mesh = new Mesh();
        mesh.id = UUID.randomUUID();
        mesh.tenantId = tenantId;
        mesh.name = body.name();
        mesh.trustDomain = body.trustDomain();
        mesh.placement = json.convertValue(placement, MAP);
        mesh.persistAndFlush();
        Mesh.getEntityManager().refresh(mesh);
        audit.record(caller.actor(), Change.of(tenantId, "mesh.create", "mesh", mesh.name)
                .details(Map.of("trustDomain", mesh.trustDomain, "placement", mesh.placement)));
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/meshes/" + mesh.name)).entity(view(mesh))
                .build();
    }

    @GET
    @TenantRole(Role.VIEWER)
    @Operation(summary = "List meshes")
    public Page<MeshView> list(@RestPath String tenant, @RestQuery Integer limit, @RestQuery String cursor) {
        int max = Cursor.limit(limit);
        List<Mesh> rows = Mesh.find("tenantId = ?1 and name > ?2 order by name", access.tenant().id,
                Cursor.decode(cursor).orElse("")).page(0, max + 1).list();
        return Page.of(rows, max, this::view, m -> m.name);
    }

    @GET
    @Path("/{mesh}")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Get a mesh")
    public MeshView get(@RestPath String tenant, @RestPath String mesh) {
        return view(find(mesh));
    }

    @PATCH
    @Path("/{mesh}")
    @Consumes({ MERGE_PATCH, MediaType.APPLICATION_JSON })
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Change a mesh's placement and/or delivery policy (JSON merge patch; placement is replaced whole)")
    public MeshView patch(@RestPath String tenant, @RestPath String mesh, PatchMesh body) {
        new Checks().present(body, "$").throwIfAny();
        Checks checks = new Checks().require(body.placement() != null || body.delivery() != null, "$",
                "give placement, delivery or both");
        if (body.placement() != null) {
            body.placement().check("$.placement", checks);
        }
        if (body.delivery() != null) {
            checks.require(body.delivery().drift() == null || Set.of("correct", "report").contains(body.delivery().drift()),
                    "$.delivery.drift", "must be 'correct' or 'report'");
        }
        checks.throwIfAny();
        Mesh found = find(mesh);
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        if (body.placement() != null) {
            before.put("placement", found.placement);
            found.placement = json.convertValue(body.placement(), MAP);
            after.put("placement", found.placement);
            if (found.currentRevision != null) {
                // new neighbours on newly selected clusters may conflict with the intent the mesh already has
                intentChecks.requireNoErrors(found, documents.model(found.id, found.currentRevision));
            }
        }
        if (body.delivery() != null) {
            before.put("delivery", found.deliveryPolicy);
            Map<String, Object> policy = new LinkedHashMap<>(found.deliveryPolicy == null ? Map.of() : found.deliveryPolicy);
            if (body.delivery().forceConflicts() != null) {
                policy.put("forceConflicts", body.delivery().forceConflicts());
            }
            if (body.delivery().drift() != null) {
                policy.put("drift", body.delivery().drift());
            }
            found.deliveryPolicy = policy;
            after.put("delivery", policy);
        }
        outbox.add(Topics.DELIVERY_CHANGES, found.tenantId.toString(), Map.of("tenantId", found.tenantId.toString()));
        audit.record(caller.actor(), Change.of(found.tenantId, "mesh.update", "mesh", found.name)
                .details(Map.of("before", before, "after", after)));
        return view(found);
    }

    @DELETE
    @Path("/{mesh}")
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Delete a mesh and its revisions")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@RestPath String tenant, @RestPath String mesh) {
        Mesh found = find(mesh);
        Integer last = found.currentRevision;
        found.delete();
        outbox.add(Topics.DELIVERY_CHANGES, found.tenantId.toString(), Map.of("tenantId", found.tenantId.toString()));
        audit.record(caller.actor(), Change.of(found.tenantId, "mesh.delete", "mesh", found.name).revisions(last, null));
        return Response.noContent().build();
    }

    private Mesh find(String name) {
        return Mesh.findByName(access.tenant().id, name).orElseThrow(() -> NotFoundException.of("mesh", name));
    }

    private MeshView view(Mesh m) {
        return new MeshView(m.name, m.trustDomain, json.convertValue(m.placement, Placement.class), m.deliveryPolicy,
                m.currentRevision, m.createdAt);
    }
}
