package dev.meshfleet.workflow;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A workflow's side of the engine: handles consecutive commands of one instance (as one poll returned them, in order)
 * in one transaction of its own, dropping those handled before ({@link ProcessedMessages}) and adding its effects
 * through the outbox in that transaction. Throwing rolls the whole batch back; the engine then tries it again.
 */
@FunctionalInterface
public interface CommandHandler {
    /**
     * @param reattempts per instance, what an earlier attempt of these same commands learned ({@link Reattempt}'s reason)
     */
    void handle(List<JsonNode> commands, Map<UUID, String> reattempts);
}
