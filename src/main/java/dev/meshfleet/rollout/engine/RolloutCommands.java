package dev.meshfleet.rollout.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.common.outbox.Outbox;

/**
 * Sends commands to the rollout engine through the outbox (so a command exists exactly when the transaction that
 * decided it commits), keyed by rollout id so that one rollout's commands are handled in order.
 */
@ApplicationScoped
public class RolloutCommands {
    private final Outbox outbox;

    public RolloutCommands(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID send(UUID rolloutId, String type, Map<String, Object> details) {
        Map<String, Object> command = new LinkedHashMap<>(details);
        command.put("rolloutId", rolloutId.toString());
        command.put("type", type);
        return outbox.add(Topics.ROLLOUT_COMMANDS, rolloutId.toString(), command);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID send(UUID rolloutId, String type) {
        return send(rolloutId, type, Map.of());
    }
}
