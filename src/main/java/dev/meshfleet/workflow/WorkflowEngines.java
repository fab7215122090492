package dev.meshfleet.workflow;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

import dev.meshfleet.common.messaging.KafkaClientSettings;
import dev.meshfleet.common.messaging.KafkaConfig;
import dev.meshfleet.common.messaging.Topics;

/** Builds a workflow's {@link WorkflowEngine} from what every engine shares: the broker, topic names, timers, commands. */
@ApplicationScoped
public class WorkflowEngines {
    private final WorkflowTimers timers;
    private final WorkflowCommands commands;
    private final ObjectMapper json;
    private final KafkaClientSettings kafka;
    private final Duration sessionTimeout;
    private final Topics topics;
    private final MeterRegistry registry;

    public WorkflowEngines(WorkflowTimers timers, WorkflowCommands commands, ObjectMapper json, KafkaClientSettings kafka,
            KafkaConfig config, Topics topics, MeterRegistry registry) {
        this.registry = registry;
        this.timers = timers;
        this.commands = commands;
        this.json = json;
        this.kafka = kafka;
        this.sessionTimeout = config.engineSessionTimeout();
        this.topics = topics;
    }

    /** An engine for the workflow, consuming in consumer group {@code group}, looking for due timers every {@code timerPoll}. */
    public WorkflowEngine create(Workflow workflow, CommandHandler handler, String group, Duration timerPoll) {
        return new WorkflowEngine(workflow, new WorkflowEngine.Settings(kafka.forClient(), group,
                topics.name(workflow.topic()), timerPoll,
                sessionTimeout), handler, timers, commands, json, registry);
    }
}
