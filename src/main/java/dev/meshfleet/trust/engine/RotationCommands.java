package dev.meshfleet.trust.engine;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.workflow.Workflow;
import dev.meshfleet.workflow.WorkflowCommands;

/**
 * Commands to the root rotation engine, through the outbox, keyed by rotation id: {@link #START}, {@link #EVIDENCE} (an
 * agent's trust report changed), {@link #PAUSE}, {@link #RESUME}, {@link #ABORT}, and fired timers.
 */
@ApplicationScoped
public class RotationCommands {
    public static final Workflow WORKFLOW = new Workflow("trust-rotation", Topics.TRUST_ROTATIONS, "rotationId",
            new Workflow.TimerTable("trust_rotation_timers", "rotation_id"));
    public static final String START = "start";
    public static final String EVIDENCE = "evidence";
    public static final String PAUSE = "pause";
    public static final String RESUME = "resume";
    public static final String ABORT = "abort";

    private final WorkflowCommands commands;

    public RotationCommands(WorkflowCommands commands) {
        this.commands = commands;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID send(UUID rotationId, String type, Map<String, Object> details) {
        return commands.send(WORKFLOW, rotationId, type, details);
    }
}
