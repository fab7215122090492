package dev.meshfleet.trust.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.messaging.KafkaConfig;
import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.trust.TrustConfig;
import dev.meshfleet.workflow.WorkflowCommands;
import dev.meshfleet.workflow.WorkflowEngine;
import dev.meshfleet.workflow.WorkflowTimers;

/**
 * This replica's root rotation engine: the shared {@link WorkflowEngine} running {@link RotationCommands#WORKFLOW}
 * with {@link RotationHandler}. Runs unless {@code meshfleet.trust.engine.enabled} is false; stoppable as a unit.
 */
@ApplicationScoped
public class RotationEngine {
    private final WorkflowEngine engine;
    private final boolean enabled;

    public RotationEngine(RotationHandler handler, WorkflowTimers timers, WorkflowCommands commands, ObjectMapper json,
            KafkaConfig.Broker kafka, TrustConfig config, Topics topics) {
        this.engine = new WorkflowEngine(RotationCommands.WORKFLOW, new WorkflowEngine.Settings(kafka.bootstrapServers(),
                config.engine().group(), topics.name(Topics.TRUST_ROTATIONS), config.engine().timerPoll()), handler,
                timers, commands, json);
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
