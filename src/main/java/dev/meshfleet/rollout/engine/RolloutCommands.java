package dev.meshfleet.rollout.engine;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.workflow.Workflow;
import dev.meshfleet.workflow.WorkflowCommands;

/**
 * Sends commands to the rollout engine through the outbox (so a command exists exactly when the transaction that
 * decided it commits), keyed by rollout id so that one rollout's commands are handled in order. Command types:
 * {@link dev.meshfleet.rollout.core.RolloutCommand}.
 */
@ApplicationScoped
public class RolloutCommands {
    /** Rollouts as a workflow: commands on rollout.commands naming their rollout in rolloutId, timers in rollout_timers. */
    public static final Workflow WORKFLOW = new Workflow("rollout", Topics.ROLLOUT_COMMANDS, "rolloutId",
            new Workflow.TimerTable("rollout_timers", "rollout_id"));

    private final WorkflowCommands commands;

    public RolloutCommands(WorkflowCommands commands) {
        this.commands = commands;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID send(UUID rolloutId, String type, Map<String, Object> details) {
        return commands.send(WORKFLOW, rolloutId, type, details);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID send(UUID rolloutId, String type) {
        return send(rolloutId, type, Map.of());
    }
}
