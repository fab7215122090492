package dev.meshfleet.intent.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ConflictException;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.labels.Placement;
import dev.meshfleet.common.messaging.DeliveryChanges;
import dev.meshfleet.intent.IntentChecks;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.RevisionDocuments;
import dev.meshfleet.tenancy.CurrentCaller;

/**
 * Meshes of a tenant: name, trust domain, placement and delivery policy. A new placement must not put the mesh's
 * intent on clusters where it fails its checks.
 */
@ApplicationScoped
public class MeshService {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final CurrentCaller caller;
    private final AuditLog audit;
    private final DeliveryChanges deliveryChanges;
    private final ObjectMapper json;
    private final IntentChecks intentChecks;
    private final RevisionDocuments documents;

    public MeshService(CurrentCaller caller, AuditLog audit, DeliveryChanges deliveryChanges, ObjectMapper json,
            IntentChecks intentChecks, RevisionDocuments documents) {
        this.caller = caller;
        this.audit = audit;
        this.deliveryChanges = deliveryChanges;
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

    @Transactional
    public Mesh create(UUID tenantId, CreateMesh body) {
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
        return mesh;
    }

    /** By name, after {@code afterName}. */
    public List<Mesh> list(UUID tenantId, String afterName, int limit) {
        return Mesh.find("tenantId = ?1 and name > ?2 order by name", tenantId, afterName).page(0, limit).list();
    }

    public Mesh get(UUID tenantId, String name) {
        return Mesh.findByName(tenantId, name).orElseThrow(() -> NotFoundException.of("mesh", name));
    }

    /** The placement is replaced whole; the delivery policy is merged. */
    @Transactional
    public Mesh patch(UUID tenantId, String name, PatchMesh body) {
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
        Mesh found = get(tenantId, name);
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
        deliveryChanges.tenantChanged(found.tenantId);
        audit.record(caller.actor(), Change.of(found.tenantId, "mesh.update", "mesh", found.name)
                .details(Map.of("before", before, "after", after)));
        return found;
    }

    /** Deletes the mesh and its revisions; its clusters prune what it put there. */
    @Transactional
    public void delete(UUID tenantId, String name) {
        Mesh found = get(tenantId, name);
        Integer last = found.currentRevision;
        found.delete();
        deliveryChanges.tenantChanged(found.tenantId);
        audit.record(caller.actor(), Change.of(found.tenantId, "mesh.delete", "mesh", found.name).revisions(last, null));
    }
}
