package dev.meshfleet.rollout.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.rollout.RolloutConfig;
import dev.meshfleet.workflow.WorkflowEngine;
import dev.meshfleet.workflow.WorkflowEngines;

/**
 * The rollout engine of this replica: the {@link WorkflowEngine} running {@link RolloutCommands#WORKFLOW} with
 * {@link RolloutHandler} (consumes {@code <prefix>.rollout.commands} in the group all replicas share, batches each
 * rollout's commands of a poll, commits offsets after the handler's transaction, fires due timers from
 * rollout_timers). Runs unless {@code meshfleet.rollout.engine.enabled} is false; stoppable and restartable as a unit.
 */
@ApplicationScoped
public class RolloutEngine {
    private final WorkflowEngine engine;
    private final boolean enabled;

    public RolloutEngine(RolloutHandler handler, WorkflowEngines engines, RolloutConfig config) {
        this.engine = engines.create(RolloutCommands.WORKFLOW, handler, config.engine().group(), config.timerPoll());
        this.enabled = config.engine().enabled();
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public void start() {
        engine.start();
    }

    /** Stops consuming and firing timers; what was not committed is redelivered to whichever engine runs next. */
    public void stop() {
        engine.stop();
    }

    public boolean running() {
        return engine.running();
    }
}
