package dev.meshfleet.trust.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.trust.TrustConfig;
import dev.meshfleet.workflow.WorkflowEngine;
import dev.meshfleet.workflow.WorkflowEngines;

/**
 * This replica's root rotation engine: the shared {@link WorkflowEngine} running {@link RotationCommands#WORKFLOW}
 * with {@link RotationHandler}. Runs unless {@code meshfleet.trust.engine.enabled} is false; stoppable as a unit.
 */
@ApplicationScoped
public class RotationEngine {
    private final WorkflowEngine engine;
    private final boolean enabled;

    public RotationEngine(RotationHandler handler, WorkflowEngines engines, TrustConfig config) {
        this.engine = engines.create(RotationCommands.WORKFLOW, handler, config.engine().group(), config.engine().timerPoll());
        this.enabled = config.engine().enabled();
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            engine.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        engine.stop();
    }

    public void start() {
        engine.start();
    }

    public void stop() {
        engine.stop();
    }
}
