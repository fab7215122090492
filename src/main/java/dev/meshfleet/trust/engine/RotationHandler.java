package dev.meshfleet.trust.engine;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.messaging.DeliveryChanges;
import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.common.outbox.Outbox;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.trust.TrustConfig;
import dev.meshfleet.trust.core.RotationPhase;
import dev.meshfleet.trust.service.RotationProgress;
import dev.meshfleet.trust.service.TrustLayouts;
import dev.meshfleet.trust.service.TrustLayouts.MeshTrust;
import dev.meshfleet.trust.store.TrustMesh;
import dev.meshfleet.trust.store.TrustRoot;
import dev.meshfleet.trust.store.TrustRotation;
import dev.meshfleet.trust.store.TrustRotation.Status;
import dev.meshfleet.trust.store.TrustStore;
import dev.meshfleet.workflow.CommandHandler;
import dev.meshfleet.workflow.ProcessedMessages;
import dev.meshfleet.workflow.WorkflowCommands;
import dev.meshfleet.workflow.WorkflowTimers;

/**
 * Advances root rotations. Each batch of one rotation's commands runs in one transaction: the rotation row is locked,
 * each command applied once (by message id), and then, if the rotation runs and its phase is gated on evidence, every
 * cluster's evidence is judged and the rotation moves on when all have shown it. Entering a phase rewrites what the
 * mesh's clusters should hold ({@link TrustMesh}) and tells delivery, whose stream nudges each agent to look.
 */
@ApplicationScoped
public class RotationHandler implements CommandHandler {
    private static final Logger LOG = Logger.getLogger(RotationHandler.class);
    static final String CONSUMER = "trust-rotation-engine";
    static final String SOAK_TIMER = "soak";
    static final String RETIRE_TIMER = "retire";

    private final ProcessedMessages processed;
    private final WorkflowTimers timers;
    private final TrustLayouts layouts;
    private final RotationProgress progress;
    private final TrustStore store;
    private final Outbox outbox;
    private final DeliveryChanges deliveryChanges;
    private final TrustConfig config;
    private final AuditLog audit;

    public RotationHandler(ProcessedMessages processed, WorkflowTimers timers, TrustLayouts layouts,
            RotationProgress progress, TrustStore store, Outbox outbox, DeliveryChanges deliveryChanges,
            TrustConfig config, AuditLog audit) {
        this.processed = processed;
        this.timers = timers;
        this.layouts = layouts;
        this.progress = progress;
        this.store = store;
        this.outbox = outbox;
        this.deliveryChanges = deliveryChanges;
        this.config = config;
        this.audit = audit;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @jakarta.enterprise.context.control.ActivateRequestContext
    @Override
    public synchronized void handle(List<JsonNode> commands, Map<UUID, String> reattempts) {
        TrustRotation rotation = null;
        boolean judge = false;
        for (JsonNode command : commands) {
            if (!processed.firstDelivery(CONSUMER, UUID.fromString(command.path("messageId").asText()))) {
                continue; // a duplicate, or redelivered after a crash
            }
            if (rotation == null) {
                rotation = TrustRotation.findById(UUID.fromString(command.path("rotationId").asText()),
                        LockModeType.PESSIMISTIC_WRITE);
                if (rotation == null) {
                    LOG.warnf("trust rotation engine: skipping '%s' for rotation %s, unknown to this database",
                            command.path("type").asText(), command.path("rotationId").asText());
                    continue;
                }
            }
            judge |= apply(rotation, command);
        }
        if (rotation != null && judge) {
            advanceWhileShown(rotation);
        }
    }

    /** Applies one command; true when evidence should be judged afterwards. */
    private boolean apply(TrustRotation rotation, JsonNode command) {
        String type = command.path("type").asText();
        Status status = rotation.status();
        switch (type) {
            case RotationCommands.START -> {
                enter(rotation, rotation.phase());
                return true;
            }
            case RotationCommands.EVIDENCE -> {
                return status == Status.RUNNING;
            }
            case RotationCommands.PAUSE -> {
                if (status == Status.RUNNING) {
                    setStatus(rotation, Status.PAUSED);
                    event(rotation, "paused", reason(command, "paused"));
                }
                return false;
            }
            case RotationCommands.RESUME -> {
                if (status == Status.PAUSED) {
                    setStatus(rotation, Status.RUNNING);
                    event(rotation, "resumed", reason(command, "resumed"));
                    if (rotation.phase() == RotationPhase.SOAK && soakOver(rotation)) {
                        advance(rotation);
                    }
                    return true;
                }
                return false;
            }
            case RotationCommands.ABORT -> {
                if (status.active() && !rotation.rollingBack()) {
                    rollBack(rotation, reason(command, "aborted"));
                    return true;
                }
                return false;
            }
            case WorkflowCommands.TIMER -> {
                return timer(rotation, command.path("name").asText());
            }
            default -> {
                LOG.warnf("trust rotation engine: unknown command '%s' for rotation %s", type, rotation.id);
                return false;
            }
        }
    }

    private boolean timer(TrustRotation rotation, String name) {
        if (name.equals(SOAK_TIMER) && rotation.status() == Status.RUNNING && rotation.phase() == RotationPhase.SOAK) {
            advance(rotation);
            return true;
        }
        if (name.equals(RETIRE_TIMER)) {
            retire(rotation);
        }
        return false; // a soak timer firing while paused: resuming checks the time instead
    }

    private void advanceWhileShown(TrustRotation rotation) {
        // a phase whose evidence is already there (no clusters, or clusters already holding it) passes at once
        for (int guard = 0; guard < RotationPhase.values().length + 1; guard++) {
            if (rotation.status() != Status.RUNNING || !rotation.phase().gatedOnEvidence()) {
                return;
            }
            MeshTrust trust = layouts.forMesh(Mesh.findById(rotation.meshId)).orElseThrow();
            List<RotationProgress.ClusterProgress> clusters = progress.evaluate(rotation, trust);
            boolean all = true;
            for (RotationProgress.ClusterProgress c : clusters) {
                if (c.evidence().shown()) {
                    if (store.confirm(rotation.id, rotation.direction, rotation.phase, c.cluster().id)) {
                        event(rotation, "cluster-confirmed", "cluster " + c.cluster().name + " shows " + rotation.phase);
                    }
                } else {
                    all = false;
                }
            }
            if (!all) {
                return;
            }
            advance(rotation);
        }
    }

    private void advance(TrustRotation rotation) {
        RotationPhase next = rotation.phase().next();
        if (next == null) {
            finish(rotation);
        } else {
            enter(rotation, next);
        }
    }

    /** Makes {@code phase} current and rewrites what the mesh's clusters should hold. */
    private void enter(TrustRotation rotation, RotationPhase phase) {
        rotation.phase = phase.name();
        rotation.phaseStartedAt = OffsetDateTime.now();
        rotation.updatedAt = rotation.phaseStartedAt;
        RotationPhase.Layout layout = phase.layout(rotation.outgoingRoot(), rotation.incomingRoot());
        TrustMesh state = TrustMesh.findById(rotation.meshId, LockModeType.PESSIMISTIC_WRITE);
        List<String> bundle = layout.bundle().stream().map(UUID::toString).toList();
        if (!bundle.equals(state.bundle)) {
            state.sequence++;
        }
        state.bundle = bundle;
        state.issuerRootId = layout.issuer();
        state.probeLeaves = layout.probeLeaves();
        state.updatedAt = rotation.updatedAt;
        deliveryChanges.tenantChanged(rotation.tenantId);
        if (phase == RotationPhase.SOAK) {
            timers.start(RotationCommands.WORKFLOW.timers(), rotation.id, SOAK_TIMER, config.soak());
        }
        event(rotation, "phase", (rotation.rollingBack() ? "rolling back: " : "") + phase + ": issuer "
                + name(rotation, layout.issuer()) + ", root-cert.pem = " + String.join("+",
                        layout.bundle().stream().map(id -> name(rotation, id)).toList())
                + (layout.probeLeaves() ? ", probing leaves" : ""));
    }

    private void rollBack(TrustRotation rotation, String reason) {
        RotationPhase from = rotation.phase();
        timers.cancel(RotationCommands.WORKFLOW.timers(), rotation.id, SOAK_TIMER);
        rotation.direction = TrustRotation.Direction.ROLLBACK.name();
        setStatus(rotation, Status.RUNNING);
        event(rotation, "aborted", reason + " in " + from + ": rolling back to the old root");
        enter(rotation, from.rollbackEntry());
    }

    private void finish(TrustRotation rotation) {
        OffsetDateTime now = OffsetDateTime.now();
        rotation.finishedAt = now;
        if (rotation.rollingBack()) {
            setStatus(rotation, Status.ROLLED_BACK);
            event(rotation, "rolled-back", "every cluster is back on the old root alone");
            return;
        }
        setStatus(rotation, Status.COMPLETED);
        TrustRoot old = TrustRoot.findById(rotation.fromRootId, LockModeType.PESSIMISTIC_WRITE);
        old.state = TrustRoot.State.RETIRING.name();
        OffsetDateTime lastExpiry = store.lastExpiryUnder(old.id).filter(t -> t.isAfter(now)).orElse(now);
        old.retireAfter = lastExpiry;
        timers.start(RotationCommands.WORKFLOW.timers(), rotation.id, RETIRE_TIMER, Duration.between(now, lastExpiry));
        event(rotation, "completed", "every cluster trusts and issues under the new root alone; the old root's key is "
                + "destroyed after " + lastExpiry + ", when the last certificate it signed expires");
    }

    private void retire(TrustRotation rotation) {
        TrustRoot old = TrustRoot.findById(rotation.fromRootId, LockModeType.PESSIMISTIC_WRITE);
        if (old == null || !TrustRoot.State.RETIRING.name().equals(old.state)) {
            return;
        }
        old.sealedKey = null;
        old.state = TrustRoot.State.RETIRED.name();
        old.retiredAt = OffsetDateTime.now();
        event(rotation, "root-retired", "the old root's key is destroyed: every certificate it signed has expired");
        audit.recordSystem("trust-rotation-engine", Change.of(rotation.tenantId, "trust.root.retire", "trust-root",
                old.id.toString()).details(Map.of("sha256", old.sha256)));
    }

    private boolean soakOver(TrustRotation rotation) {
        return !rotation.phaseStartedAt.plus(config.soak()).isAfter(OffsetDateTime.now());
    }

    private static void setStatus(TrustRotation rotation, Status status) {
        rotation.status = status.name();
        rotation.updatedAt = OffsetDateTime.now();
    }

    private static String name(TrustRotation rotation, UUID root) {
        return root.equals(rotation.fromRootId) ? "old" : "new";
    }

    private static String reason(JsonNode command, String fallback) {
        String reason = command.path("reason").asText(null);
        String by = command.path("by").asText(null);
        return (by == null ? fallback : fallback + " by " + by) + (reason == null ? "" : ": " + reason);
    }

    private void event(TrustRotation rotation, String type, String detail) {
        long id = store.addEvent(rotation.id, type, rotation.phase, detail);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("rotationId", rotation.id.toString());
        message.put("meshId", rotation.meshId.toString());
        message.put("id", id);
        message.put("type", type);
        message.put("phase", rotation.phase);
        message.put("direction", rotation.direction);
        message.put("status", rotation.status);
        message.put("detail", detail);
        outbox.add(Topics.TRUST_EVENTS, rotation.id.toString(), message);
    }
}
