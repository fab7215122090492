package dev.meshfleet.rollout.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.delivery.AgentReported;
import dev.meshfleet.rollout.core.RolloutCommand;
import dev.meshfleet.rollout.engine.RolloutCommands;
import dev.meshfleet.rollout.store.RolloutStore;

/**
 * What agents report about rollouts, as delivery announces it inside the transaction storing the report: confirmations
 * of weight generations become engine commands (through the outbox, so they exist exactly when the report committed),
 * measurements become rows the judge reads.
 */
@ApplicationScoped
public class RolloutAgentReports {
    private final RolloutCommands commands;
    private final RolloutStore store;

    public RolloutAgentReports(RolloutCommands commands, RolloutStore store) {
        this.commands = commands;
        this.store = store;
    }

    void onApplied(@Observes AgentReported.WeightsApplied applied) {
        for (AgentReported.AppliedWeight w : applied.weights()) {
            // the rollout engine counts this cluster's confirmation of that weight generation
            commands.send(w.rolloutId(), RolloutCommand.APPLIED, Map.of("clusterId", applied.clusterId().toString(),
                    "generation", w.generation(), "revision", applied.revision()));
        }
    }

    void onMeasured(@Observes AgentReported.Measured measured) {
        if (!store.inRollout(measured.rolloutId(), measured.clusterId())) {
            throw NotFoundException.of("rollout", measured.rollout()); // not this cluster's: as if it did not exist
        }
        for (AgentReported.Value v : measured.values()) {
            store.addMeasurement(measured.rolloutId(), measured.clusterId(), v.metric(), v.value(), v.error());
        }
    }
}
