package dev.meshfleet.rollout.engine;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.error.ProblemException;
import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.common.outbox.Outbox;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.service.IntentService;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.RevisionDocuments;
import dev.meshfleet.rollout.core.AnalysisJudge;
import dev.meshfleet.rollout.core.AnalysisRound;
import dev.meshfleet.rollout.core.RolloutCommand;
import dev.meshfleet.rollout.core.RolloutEffect;
import dev.meshfleet.rollout.core.RolloutEvent;
import dev.meshfleet.rollout.core.RolloutMachine;
import dev.meshfleet.rollout.core.RolloutPlan;
import dev.meshfleet.rollout.core.RolloutRequest;
import dev.meshfleet.rollout.core.RolloutState;
import dev.meshfleet.rollout.core.RolloutState.Phase;
import dev.meshfleet.rollout.core.StepProgress;
import dev.meshfleet.rollout.core.WeightOverlay;
import dev.meshfleet.rollout.store.Rollout;
import dev.meshfleet.rollout.store.RolloutStore;
import dev.meshfleet.tenancy.Tenant;
import dev.meshfleet.workflow.CommandHandler;
import dev.meshfleet.workflow.ProcessedMessages;
import dev.meshfleet.workflow.Reattempt;
import dev.meshfleet.workflow.Workflow;
import dev.meshfleet.workflow.WorkflowCommands;
import dev.meshfleet.workflow.WorkflowTimers;

/**
 * Handles one engine command in one transaction: drop it if it was handled before, load the rollout (locked), turn the
 * command into an event, run the pure state machine, and commit the new state together with every effect: new weights
 * for clusters (and a delivery notice so agents get them), timers, events (table + meshfleet.rollout.events).
 */
@ApplicationScoped
public class RolloutHandler implements CommandHandler {
    static final String CONSUMER = "rollout-engine";
    private static final Logger LOG = Logger.getLogger(RolloutHandler.class);

    private static final Workflow.TimerTable TIMERS = RolloutCommands.WORKFLOW.timers();

    private final RolloutStore store;
    private final ProcessedMessages processed;
    private final WorkflowTimers timers;
    private final Outbox outbox;
    private final IntentService intents;
    private final RevisionDocuments documents;
    private final AuditLog audit;
    private final RolloutMetrics metrics;

    public RolloutHandler(RolloutStore store, ProcessedMessages processed, WorkflowTimers timers, Outbox outbox,
            IntentService intents, RevisionDocuments documents,
            AuditLog audit, RolloutMetrics metrics) {
        this.store = store;
        this.processed = processed;
        this.timers = timers;
        this.outbox = outbox;
        this.intents = intents;
        this.documents = documents;
        this.audit = audit;
        this.metrics = metrics;
    }

    /**
     * The outcome of a rollout that was about to succeed cannot be written as a revision (the intent's checks refuse
     * it, e.g. a host another mesh took meanwhile). Thrown out of {@link #handle} so that its transaction rolls back as a
     * whole (the failed write left it rollback-only); the engine then handles the same commands again, in a new
     * transaction, with the refusal known, and the rollout ends FAILED with the reason instead. Every effect thus
     * happens once, in whichever attempt commits.
     */
    public static final class OutcomeRefused extends Reattempt {
        OutcomeRefused(UUID rolloutId, String reason, Throwable cause) {
            super(rolloutId, reason, "rollout " + rolloutId + ": " + reason, cause);
        }
    }

    /** Rollouts whose outcome an earlier attempt of this batch found refused (see {@link OutcomeRefused}). */
    private Map<UUID, String> refusedOutcomes = Map.of();

    /**
     * Handles consecutive commands of one rollout in one transaction (as a poll returns them): a wave's confirmations
     * then cost one lock and one commit instead of one each. Each command is still deduplicated and applied in order.
     *
     * @param refusedOutcomes per rollout, why its outcome could not be written in an earlier attempt of these commands
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @jakarta.enterprise.context.control.ActivateRequestContext
    @Override
    public synchronized void handle(List<JsonNode> commands, Map<UUID, String> refusedOutcomes) {
        this.refusedOutcomes = refusedOutcomes;
        Rollout rollout = null;
        RolloutPlan plan = null;
        Mesh mesh = null;
        confirmations.clear();
        // the statements below never read the rollout row back: flush it once at commit, not before each of them
        Rollout.getEntityManager().setFlushMode(jakarta.persistence.FlushModeType.COMMIT);
        for (JsonNode command : commands) {
            UUID messageId = UUID.fromString(command.path("messageId").asText());
            if (!processed.firstDelivery(CONSUMER, messageId)) {
                continue; // handled before: a duplicate or a redelivery after a crash
            }
            if (rollout == null) {
                rollout = Rollout.lock(UUID.fromString(command.path("rolloutId").asText())).orElse(null);
                if (rollout == null) {
                    // deleted with its mesh, or sent by another installation writing to this installation's topics
                    LOG.warnf("rollout engine: skipping a '%s' command for rollout %s, unknown to this database",
                            command.path("type").asText(), command.path("rolloutId").asText());
                    continue;
                }
                plan = store.plan(rollout);
                mesh = Mesh.findById(rollout.meshId);
            }
            handle(rollout, plan, mesh, command);
        }
        if (rollout != null) {
            flushConfirmations(rollout);
        }
    }

    /**
     * Confirmations handled in one batch, announced as one event (a wave of 100 clusters makes a few events, not 100):
     * cluster names, and the state they confirmed. One batch at a time (handle is synchronized; the engine has one thread).
     */
    private final List<String> confirmations = new java.util.ArrayList<>();
    private RolloutState confirmedState;
    private String confirmedRevision;

    private void flushConfirmations(Rollout rollout) {
        if (confirmations.isEmpty()) {
            return;
        }
        List<String> names = List.copyOf(confirmations);
        confirmations.clear();
        publish(rollout, confirmedState, "cluster-confirmed", String.join(", ", names) + " applied weight "
                + confirmedState.weight() + " (generation " + confirmedState.generation() + ", revision " + confirmedRevision
                + ")");
    }

    private void handle(Rollout rollout, RolloutPlan plan, Mesh mesh, JsonNode command) {
        RolloutState before = store.state(rollout);
        RolloutEvent event = event(rollout, plan, before, command);
        if (event == null) {
            rearmJudge(rollout, plan, before);
            return;
        }
        RolloutMachine.Transition t = RolloutMachine.next(plan, before, event, refusedOutcomes.get(rollout.id));
        RolloutState after = t.state();
        for (RolloutEffect effect : t.effects()) {
            apply(rollout, after, effect);
        }
        if (!after.equals(before)) {
            save(rollout, mesh, plan, before, after, event);
        }
        rearmJudge(rollout, plan, after);
        metrics.observe(rollout, mesh.name, after);
    }

    private RolloutEvent event(Rollout rollout, RolloutPlan plan, RolloutState state, JsonNode command) {
        String type = command.path("type").asText();
        if (type.equals(RolloutCommand.APPLIED)) {
            long generation = command.path("generation").asLong();
            String cluster = store.confirm(rollout.id, UUID.fromString(command.path("clusterId").asText()), generation,
                    command.hasNonNull("revision") ? command.get("revision").asInt() : null);
            if (cluster == null) {
                return null;
            }
            if (state.awaiting().contains(cluster) && generation == state.generation()) {
                if (!confirmations.isEmpty() && confirmedState.generation() != generation) {
                    flushConfirmations(rollout);
                }
                confirmations.add(cluster);
                confirmedState = state;
                confirmedRevision = command.path("revision").asText();
            }
            return new RolloutEvent.Applied(cluster, generation);
        }
        if (type.equals(WorkflowCommands.TIMER)) {
            String name = command.path("name").asText();
            return AnalysisRound.JUDGE_TIMER.equals(name) ? judge(rollout, plan, state) : new RolloutEvent.TimerFired(name);
        }
        JsonNode reason = command.path("reason");
        RolloutEvent requested = RolloutCommand.requested(type, reason.isMissingNode() || reason.isNull() ? null
                : reason.asText()).orElse(null);
        if (requested == null) {
            LOG.warnf("rollout %s: ignoring unknown command type '%s'", rollout.id, type);
        }
        return requested;
    }

    /** One fleet-wide round of analysis over the clusters that carry confirmed canary traffic; null: not yet. */
    private RolloutEvent judge(Rollout rollout, RolloutPlan plan, RolloutState state) {
        RolloutRequest request = store.request(rollout);
        if (!AnalysisRound.judging(request, state)) {
            return null;
        }
        AnalysisRound round = AnalysisRound.of(state, plan.analysis().interval(), store.clusters(rollout.id),
                store.lastJudgedAt(rollout.id), OffsetDateTime.now()).orElse(null);
        if (round == null) {
            return null;
        }
        AnalysisJudge.Judgement judgement = AnalysisJudge.judge(request.analysis().metrics(), rollout.services,
                round.clusterNames(), store.measurementsSince(rollout.id, round.since(), round.clusters()), round.overdue());
        if (judgement == null) {
            return null;
        }
        store.addAnalysis(rollout.id, judgement.verdict().name(), AnalysisRound.recorded(judgement));
        event(rollout, state, "analysis", AnalysisRound.detail(judgement));
        return new RolloutEvent.AnalysisResult(judgement.verdict(), judgement.measurements());
    }

    private void apply(Rollout rollout, RolloutState after, RolloutEffect effect) {
        if (effect instanceof RolloutEffect.SetWeights w) {
            store.setWeights(rollout.id, w.clusters(), w.weight(), w.generation());
            // the wave's agents get new desired state through the usual path: every replica pushes its streams
            outbox.add(Topics.DELIVERY_CHANGES, rollout.tenantId.toString(), Map.of("tenantId", rollout.tenantId.toString()));
            event(rollout, after, "weights-set", "weight " + w.weight() + " % to " + rollout.canaryVersion + " on "
                    + new java.util.TreeSet<>(w.clusters()) + " (generation " + w.generation() + ")");
        } else if (effect instanceof RolloutEffect.StartTimer timer) {
            if (timer.timer().startsWith("deadline/")) {
                timers.cancelStartingWith(TIMERS, rollout.id, "deadline/"); // only the current weight step's deadline matters
            }
            timers.start(TIMERS, rollout.id, timer.timer(), timer.after());
            event(rollout, after, "timer-started", timer.timer() + " fires in " + timer.after());
        } else if (effect instanceof RolloutEffect.RunAnalysis) {
            event(rollout, after, "analysis-step", "waiting for the next fleet-wide analysis round");
        } else if (effect instanceof RolloutEffect.Announce a) {
            event(rollout, after, a.type(), a.detail());
        }
    }

    private void save(Rollout rollout, Mesh mesh, RolloutPlan plan, RolloutState before, RolloutState after,
            RolloutEvent cause) {
        OffsetDateTime now = OffsetDateTime.now();
        rollout.state = store.toMap(after);
        rollout.phase = after.phase().name();
        rollout.updatedAt = now;
        StepProgress progress = StepProgress.of(plan, before, after);
        if (progress.stepStarted()) {
            if (rollout.stepStartedAt != null && progress.stepCompleted()) {
                metrics.stepCompleted(Duration.between(rollout.stepStartedAt, now));
            }
            rollout.stepStartedAt = now;
            progress.stepStartedDetail().ifPresent(detail -> event(rollout, after, "step-started", detail));
        }
        progress.phaseChange().ifPresent(detail -> event(rollout, after, "phase", detail));
        if (progress.finishing()) {
            rollout.finishedAt = now;
            if (after.phase() == Phase.SUCCEEDED) {
                writeOutcome(rollout, Tenant.findById(rollout.tenantId), mesh); // first: it may throw OutcomeRefused
            }
            timers.cancelAll(TIMERS, rollout.id);
            metrics.finished(rollout, Duration.between(rollout.createdAt, now));
            audit.recordSystem("meshfleet-rollout-engine", Change.of(rollout.tenantId,
                    "rollout." + after.phase().name().toLowerCase(java.util.Locale.ROOT), "rollout", rollout.id.toString())
                    .details(Map.of("mesh", mesh.name, "services", rollout.services, "cause", cause.getClass().getSimpleName())));
        }
        if (!after.phase().finished()) {
            rollout.finishedAt = null;
            if (progress.reopened()) {
                rollout.releasedAt = null; // a retry holds the services' routes again
            }
        }
    }

    /**
     * A rollout that succeeded writes its outcome as a revision of the mesh (the canary at 100 % on the shifted routes)
     * and releases its overlay in the same transaction: agents see the same routes, now from intent people can read.
     * If the intent's checks refuse that revision, {@link OutcomeRefused} ends the attempt (see there); other failures
     * (the database away) propagate and the engine retries.
     */
    private void writeOutcome(Rollout rollout, Tenant tenant, Mesh mesh) {
        var head = documents.model(mesh.id, mesh.currentRevision);
        var shifted = WeightOverlay.apply(head, rollout.services, rollout.stableVersion, rollout.canaryVersion, 100);
        IntentService.Outcome outcome;
        try {
            outcome = intents.commitFromRollout(tenant, mesh.name, IntentCodec.canonical(shifted), rollout.id.toString());
        } catch (ProblemException e) {
            throw new OutcomeRefused(rollout.id, refusal(mesh, e), e);
        }
        rollout.resultRevision = outcome.revision().number;
        event(rollout, store.state(rollout), "revision", "the canary's routes written as revision "
                + outcome.revision().number + " of mesh " + mesh.name);
        rollout.releasedAt = OffsetDateTime.now();
    }

    private static String refusal(Mesh mesh, ProblemException e) {
        String detail = e.errors().size() > 1 ? e.errors().stream().map(f -> f.path() + ": " + f.message())
                .collect(Collectors.joining("; ")) : e.getMessage();
        return "mesh " + mesh.name + " refuses the canary's routes at 100 %: " + detail;
    }

    /** The judge timer runs while the rollout progresses with an analysis template. */
    private void rearmJudge(Rollout rollout, RolloutPlan plan, RolloutState state) {
        if (rollout.request.get("analysis") == null) {
            return; // never armed
        }
        if (AnalysisRound.judgeArmed(state)) {
            timers.ensure(TIMERS, rollout.id, AnalysisRound.JUDGE_TIMER, plan.analysis().interval());
        } else {
            timers.cancel(TIMERS, rollout.id, AnalysisRound.JUDGE_TIMER);
        }
    }

    /** Records an event and publishes it; confirmations pending in the batch go first, so the order stays true. */
    private void event(Rollout rollout, RolloutState state, String type, String detail) {
        flushConfirmations(rollout);
        publish(rollout, state, type, detail);
    }

    private void publish(Rollout rollout, RolloutState state, String type, String detail) {
        long eventId = store.addEvent(rollout.id, type, detail, state);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", eventId);
        payload.put("rolloutId", rollout.id.toString());
        payload.put("type", type);
        payload.put("detail", detail);
        payload.put("phase", state.phase().name());
        payload.put("wave", state.wave());
        payload.put("step", state.step());
        payload.put("weight", state.weight());
        payload.put("at", OffsetDateTime.now().toString());
        outbox.add(Topics.ROLLOUT_EVENTS, rollout.id.toString(), payload);
    }
}
