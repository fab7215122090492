package dev.meshfleet.workflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.common.outbox.Outbox;

/**
 * Sends commands to a workflow's engine through the outbox (so a command exists exactly when the transaction that
 * decided it commits), keyed by the instance's id so that one instance's commands are handled in order.
 */
@ApplicationScoped
public class WorkflowCommands {
    /** The command a fired timer becomes ({@code name}: the timer's name). */
    public static final String TIMER = "timer";

    private final Outbox outbox;

    public WorkflowCommands(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID send(Workflow workflow, UUID instance, String type, Map<String, Object> details) {
        Map<String, Object> command = new LinkedHashMap<>(details);
        command.put(workflow.keyField(), instance.toString());
        command.put("type", type);
        return outbox.add(workflow.topic(), instance.toString(), command);
    }
}
