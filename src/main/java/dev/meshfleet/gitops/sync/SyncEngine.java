package dev.meshfleet.gitops.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.gitops.GitopsConfig;
import dev.meshfleet.workflow.WorkflowEngine;
import dev.meshfleet.workflow.WorkflowEngines;

/**
 * This replica's sync consumer: the {@link WorkflowEngine} running {@link SyncCommands#WORKFLOW} with
 * {@link SyncHandler} (consumes {@code <prefix>.gitops.sync} in the group all replicas share, one source's jobs in order
 * on one partition, offsets committed after the sync's transaction; fires due poll timers from gitops_timers).
 */
@ApplicationScoped
public class SyncEngine {
    private final WorkflowEngine engine;
    private final boolean enabled;

    public SyncEngine(SyncHandler handler, WorkflowEngines engines, GitopsConfig config) {
        this.engine = engines.create(SyncCommands.WORKFLOW, handler, config.sync().group(), config.sync().timerPoll());
        this.enabled = config.sync().enabled();
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

    /** Stops consuming and firing poll timers; what was not committed is redelivered to whichever consumer runs next. */
    public void stop() {
        engine.stop();
    }
}
