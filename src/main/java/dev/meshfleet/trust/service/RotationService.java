package dev.meshfleet.trust.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ConflictException;
import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.tenancy.CurrentCaller;
import dev.meshfleet.tenancy.Tenant;
import dev.meshfleet.trust.core.RotationPhase;
import dev.meshfleet.trust.core.RotationRefusals;
import dev.meshfleet.trust.engine.RotationCommands;
import dev.meshfleet.trust.service.TrustLayouts.MeshTrust;
import dev.meshfleet.trust.store.TrustRoot;
import dev.meshfleet.trust.store.TrustRotation;
import dev.meshfleet.trust.store.TrustStore;

/**
 * Starting root rotations and acting on them. Both write Postgres and send a command through the outbox; the engine
 * does the rest. A rotation does not start on a setup known to break multi-root trust: each refusal names the cluster.
 */
@ApplicationScoped
public class RotationService {
    private final TrustLayouts layouts;
    private final TrustStore store;
    private final RotationCommands commands;
    private final AuditLog audit;
    private final CurrentCaller caller;

    public RotationService(TrustLayouts layouts, TrustStore store, RotationCommands commands, AuditLog audit,
            CurrentCaller caller) {
        this.layouts = layouts;
        this.store = store;
        this.commands = commands;
        this.audit = audit;
        this.caller = caller;
    }

    /** {@code toRoot}: the id of one of the mesh's roots to rotate to. */
    public record RotationRequest(String toRoot) {
    }

    @Transactional
    public TrustRotation start(Tenant tenant, String meshName, RotationRequest request) {
        Mesh mesh = Mesh.lockByName(tenant.id, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        new Checks().present(request, "$").throwIfAny();
        new Checks().present(request.toRoot(), "$.toRoot").throwIfAny();
        MeshTrust trust = layouts.forMesh(mesh).orElseThrow(() -> new ConflictException("mesh " + meshName
                + " has no root yet: add one (POST .../trust/roots), it becomes the issuing root"));
        TrustRoot to;
        try {
            to = root(trust, request.toRoot());
        } catch (NotFoundException e) {
            throw dev.meshfleet.common.error.ValidationException.of("$.toRoot", "mesh " + meshName
                    + " has no root with id '" + request.toRoot() + "'");
        }
        if (TrustRotation.count("meshId = ?1 and status in ?2", mesh.id, Set.of("RUNNING", "PAUSED")) > 0) {
            throw new ConflictException("a root rotation of mesh " + meshName + " is in progress: one at a time");
        }
        TrustRoot from = trust.issuer();
        new Checks().require(!to.id.equals(from.id), "$.toRoot", "root " + to.id + " already issues this mesh's "
                + "intermediates").require(TrustRoot.State.ACTIVE.name().equals(to.state), "$.toRoot", "root "
                        + to.id + " is " + to.state).require(to.notAfter.isAfter(OffsetDateTime.now()), "$.toRoot",
                                "root " + to.id + " has expired")
                .throwIfAny();
        if (trust.state().bundleRoots().stream().distinct().count() != 1) {
            throw new ConflictException("mesh " + meshName + " trusts several roots at once; a rotation starts from "
                    + "one root alone");
        }
        refuseKnownBadSetups(trust);
        TrustRotation rotation = new TrustRotation();
        rotation.id = UUID.randomUUID();
        rotation.tenantId = tenant.id;
        rotation.meshId = mesh.id;
        rotation.fromRootId = from.id;
        rotation.toRootId = to.id;
        rotation.direction = TrustRotation.Direction.FORWARD.name();
        rotation.phase = RotationPhase.ADD_ROOT.name();
        rotation.status = TrustRotation.Status.RUNNING.name();
        rotation.createdBy = caller.actor().name();
        rotation.createdAt = OffsetDateTime.now();
        rotation.updatedAt = rotation.createdAt;
        rotation.phaseStartedAt = rotation.createdAt;
        rotation.persist();
        TrustRotation.getEntityManager().flush();
        store.addEvent(rotation.id, "created", rotation.phase, "by " + rotation.createdBy + ": " + from.subject
                + " -> " + to.subject);
        commands.send(rotation.id, RotationCommands.START, Map.of());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mesh", meshName);
        details.put("from", from.sha256);
        details.put("to", to.sha256);
        audit.record(caller.actor(), Change.of(tenant.id, "trust.rotation.start", "trust-rotation",
                rotation.id.toString()).details(details));
        return rotation;
    }

    private void refuseKnownBadSetups(MeshTrust trust) {
        List<Cluster> clusters = layouts.clusters(trust);
        Map<UUID, TrustStore.StoredReport> reports = store.reports(clusters.stream().map(c -> c.id).toList());
        List<FieldError> refusals = new ArrayList<>();
        for (Cluster cluster : clusters) {
            TrustStore.StoredReport stored = reports.get(cluster.id);
            for (String reason : RotationRefusals.reasons(stored == null ? null : stored.report())) {
                refusals.add(new FieldError("clusters." + cluster.name, "cluster " + cluster.name + ": " + reason));
            }
        }
        if (!refusals.isEmpty()) {
            throw new ConflictException("the rotation cannot start safely: " + String.join("; ",
                    refusals.stream().map(FieldError::message).toList()), refusals);
        }
    }

    /** Which statuses each action applies in (others get a clear 409). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            RotationCommands.PAUSE, Set.of("RUNNING"),
            RotationCommands.RESUME, Set.of("PAUSED"),
            RotationCommands.ABORT, Set.of("RUNNING", "PAUSED"));

    @Transactional
    public TrustRotation act(Tenant tenant, String meshName, String id, String action, String reason) {
        Mesh mesh = Mesh.lockByName(tenant.id, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        TrustRotation rotation = find(mesh, id);
        Set<String> allowed = ALLOWED.get(action);
        if (allowed == null) {
            throw NotFoundException.of("action", action);
        }
        if (!allowed.contains(rotation.status)) {
            throw new ConflictException("rotation " + rotation.id + " is " + rotation.status + ": '" + action
                    + "' applies only when it is " + String.join(" or ", new java.util.TreeSet<>(allowed)));
        }
        if (action.equals(RotationCommands.ABORT) && rotation.rollingBack()) {
            throw new ConflictException("rotation " + rotation.id + " is already rolling back");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("by", caller.actor().name());
        if (reason != null) {
            details.put("reason", reason);
        }
        commands.send(rotation.id, action, details);
        details.put("mesh", meshName);
        details.put("phase", rotation.phase);
        audit.record(caller.actor(), Change.of(tenant.id, "trust.rotation." + action, "trust-rotation",
                rotation.id.toString()).details(details));
        return rotation;
    }

    public static TrustRotation find(Mesh mesh, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw NotFoundException.of("rotation", id);
        }
        TrustRotation rotation = TrustRotation.findById(uuid);
        if (rotation == null || !rotation.meshId.equals(mesh.id)) {
            throw NotFoundException.of("rotation", id);
        }
        return rotation;
    }

    static TrustRoot root(MeshTrust trust, String id) {
        try {
            TrustRoot root = trust.roots().get(UUID.fromString(id));
            if (root != null) {
                return root;
            }
        } catch (IllegalArgumentException e) {
            // not an id: no such root
        }
        throw NotFoundException.of("root", id);
    }
}
