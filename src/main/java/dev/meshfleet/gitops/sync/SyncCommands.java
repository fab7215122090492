package dev.meshfleet.gitops.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.workflow.Workflow;
import dev.meshfleet.workflow.WorkflowCommands;

/**
 * Sync jobs, written through the outbox in the transaction that decided them (a webhook's acceptance, a manual request,
 * a poll timer's claim) and keyed by source id, so one source's jobs reach one consumer in order.
 */
@ApplicationScoped
public class SyncCommands {
    /** Git syncs as a workflow: commands on gitops.sync naming their source in sourceId, poll timers in gitops_timers. */
    public static final Workflow WORKFLOW = new Workflow("gitops", Topics.GITOPS_SYNC, "sourceId",
            new Workflow.TimerTable("gitops_timers", "source_id"));
    public static final String SYNC = "sync";
    /** The poll timer's name. */
    public static final String POLL = "poll";

    /** Why a sync runs. */
    public enum Trigger {
        WEBHOOK, MANUAL, POLL, CREATED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final WorkflowCommands commands;

    public SyncCommands(WorkflowCommands commands) {
        this.commands = commands;
    }

    /** Asks for a sync of the source; {@code commitHint} (from a webhook) is only logged and compared, never fetched by. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID request(UUID sourceId, Trigger trigger, String deliveryId, String commitHint) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trigger", trigger.wireName());
        if (deliveryId != null) {
            details.put("deliveryId", deliveryId);
        }
        if (commitHint != null) {
            details.put("commitHint", commitHint);
        }
        return commands.send(WORKFLOW, sourceId, SYNC, details);
    }
}
