package dev.meshfleet.gitops.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.messaging.KafkaConfig;
import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.gitops.GitopsConfig;
import dev.meshfleet.workflow.WorkflowCommands;
import dev.meshfleet.workflow.WorkflowEngine;
import dev.meshfleet.workflow.WorkflowTimers;

/**
 * This replica's sync consumer: the {@link WorkflowEngine} running {@link SyncCommands#WORKFLOW} with
 * {@link SyncHandler} (consumes {@code <prefix>.gitops.sync} in the group all replicas share, one source's jobs in order
 * on one partition, offsets committed after the sync's transaction; fires due poll timers from gitops_timers).
 */
@ApplicationScoped
public class SyncEngine {
    private final WorkflowEngine engine;
    private final boolean enabled;

    public SyncEngine(SyncHandler handler, WorkflowTimers timers, WorkflowCommands commands, ObjectMapper json,
            KafkaConfig.Broker kafka, GitopsConfig config, Topics topics) {
        this.engine = new WorkflowEngine(SyncCommands.WORKFLOW, new WorkflowEngine.Settings(kafka.bootstrapServers(),
                config.sync().group(), topics.name(Topics.GITOPS_SYNC), config.sync().timerPoll()), handler, timers, commands,
                json);
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
