package dev.meshfleet.delivery;

import java.util.List;
import java.util.UUID;

/**
 * What an agent reported that other features act on, fired as a synchronous CDI event inside the transaction that
 * stores the report: an observer's writes (an outbox command, a row) commit or roll back with the report, and an
 * observer may refuse the report by throwing a problem (it then fails as a whole). Delivery declares these and fires
 * them; it does not know who observes them (rollouts, today).
 */
public sealed interface AgentReported {
    UUID clusterId();

    /**
     * The cluster's agent applied {@code revision} of {@code mesh} cleanly, and the bundle it applied carried these
     * weight generations (in the order the report listed them).
     */
    record WeightsApplied(UUID tenantId, UUID clusterId, String mesh, Integer revision, List<AppliedWeight> weights)
            implements AgentReported {
    }

    record AppliedWeight(UUID rolloutId, long generation) {
    }

    /**
     * One round of a rollout's analysis queries run by the cluster's agent; {@code rollout} is the id as the agent wrote
     * it (for the problem's detail). An observer that does not know the rollout for this cluster refuses it with a
     * not-found problem (as if the rollout did not exist).
     */
    record Measured(UUID clusterId, String rollout, UUID rolloutId, List<Value> values) implements AgentReported {
    }

    /** One metric's value (null: no data) or the error running its query. */
    record Value(String metric, Double value, String error) {
    }
}
