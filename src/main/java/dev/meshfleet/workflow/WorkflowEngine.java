package dev.meshfleet.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One workflow's engine on this replica: consumes the workflow's command topic in one consumer group shared by all
 * replicas (an instance's commands, keyed by its id, stay in one partition and so in order) and hands each instance's
 * commands of a poll to the {@link CommandHandler} as one batch (a wave of confirmations then costs one lock and one
 * commit); offsets are committed only after the handler's transactions committed, so a crash redelivers and the
 * handler drops what it already did. It also claims due timers ({@link WorkflowTimers}, {@code FOR UPDATE SKIP
 * LOCKED}, so each fires on one replica) and turns each into a {@code timer} command in the same transaction.
 *
 * <p>A plain Kafka consumer rather than a messaging channel: the engine must be stoppable and restartable as a unit
 * (and commit offsets strictly after its own transactions), which is also what the engine-restart tests exercise.
 * Not a bean: each workflow's bean creates its engine and decides when it runs.
 */
public final class WorkflowEngine {
    private static final Logger LOG = Logger.getLogger(WorkflowEngine.class);
    /** At most this many records per poll (and so per round of batches). */
    private static final int MAX_POLL_RECORDS = 200;
    /** At most this many due timers claimed per transaction. */
    private static final int TIMER_CLAIMS = 100;

    /**
     * Where the engine reads: the broker's client settings (servers, credentials), its consumer group, the topic's name
     * on the broker; how often timers are due; the consumer's session timeout (how soon a killed replica's partitions
     * move to a survivor).
     */
    public record Settings(Map<String, Object> kafkaClient, String group, String topic, Duration timerPoll,
            Duration sessionTimeout) {
    }

    private final Workflow workflow;
    private final Settings settings;
    private final CommandHandler handler;
    private final WorkflowTimers timers;
    private final WorkflowCommands commands;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaConsumer<String, String> consumer;
    private Thread commandThread;
    private Thread timerThread;

    public WorkflowEngine(Workflow workflow, Settings settings, CommandHandler handler, WorkflowTimers timers,
            WorkflowCommands commands, ObjectMapper json, MeterRegistry registry) {
        this.registry = registry;
        this.workflow = workflow;
        this.settings = settings;
        this.handler = handler;
        this.timers = timers;
        this.commands = commands;
        this.json = json;
    }

    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        commandThread = new Thread(this::consume, workflow.name() + "-engine");
        commandThread.setDaemon(true);
        commandThread.start();
        timerThread = new Thread(this::fireTimers, workflow.name() + "-timers");
        timerThread.setDaemon(true);
        timerThread.start();
    }

    /** Stops consuming and firing timers; what was not committed is redelivered to whichever engine runs next. */
    public synchronized void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        timerThread.interrupt(); // the consumer is woken up instead: interrupting it mid-close would leave it half closed
        for (Thread t : List.of(commandThread, timerThread)) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean running() {
        return running.get();
    }

    private void consume() {
        Properties props = new Properties();
        props.putAll(settings.kafkaClient());
        props.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, settings.group(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                MAX_POLL_RECORDS, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5000));
        // a third of the session timeout, as Kafka advises: a live replica is never taken for dead between heartbeats
        // names the replica (its process id) in the group's membership, for operators and the failover benchmark
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.group() + "-pid-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.sessionTimeout().toMillis() / 3);
        while (running.get()) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props);
                    // the client's metrics (records-lag-max: MeshfleetKafkaConsumerLag), as Quarkus binds its channels'
                    KafkaClientMetrics metrics = new KafkaClientMetrics(c)) {
                metrics.bindTo(registry);
                consumer = c;
                c.subscribe(List.of(settings.topic()));
                while (running.get()) {
                    ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(500));
                    // per instance, in partition order: one transaction for each instance's commands of this poll
                    Map<String, List<JsonNode>> byInstance = new LinkedHashMap<>();
                    for (ConsumerRecord<String, String> record : records) {
                        JsonNode command = read(record);
                        if (command != null) {
                            byInstance.computeIfAbsent(command.path(workflow.keyField()).asText(), k -> new ArrayList<>())
                                    .add(command);
                        }
                    }
                    byInstance.values().forEach(this::handleUntilDone);
                    if (!records.isEmpty()) {
                        c.commitSync();
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warnf("%s engine: consumer failed, reconnecting: %s", workflow.name(), e.getMessage());
                    sleep(1000);
                }
            } finally {
                consumer = null;
            }
        }
    }

    private JsonNode read(ConsumerRecord<String, String> record) {
        try {
            JsonNode command = json.readTree(record.value());
            UUID.fromString(command.path("messageId").asText());
            UUID.fromString(command.path(workflow.keyField()).asText());
            return command;
        } catch (Exception e) {
            LOG.errorf("%s engine: skipping an unreadable command at %s-%d@%d: %s", workflow.name(), record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return null;
        }
    }

    /**
     * Handles an instance's commands, retrying while the failure may be passing (Postgres away, a lock timeout): skipping
     * would lose commands, and partition order means later commands of the instance must wait for them anyway.
     */
    private void handleUntilDone(List<JsonNode> batch) {
        long backoff = 100;
        Map<UUID, String> reattempts = new HashMap<>();
        while (true) {
            try {
                handler.handle(batch, reattempts);
                return;
            } catch (Reattempt e) {
                if (reattempts.putIfAbsent(e.instance(), e.reason()) == null) {
                    // nothing of that attempt committed: the same commands again, knowing the reason
                    LOG.warnf("%s %s fails: %s", workflow.name(), e.instance(), e.reason());
                    continue;
                }
                retryAfter(batch, e, backoff);
                backoff = Math.min(backoff * 2, 5000);
            } catch (RuntimeException e) {
                retryAfter(batch, e, backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    private void retryAfter(List<JsonNode> batch, RuntimeException e, long backoff) {
        if (!running.get()) {
            throw new WakeupException(); // not committed: redelivered to the next engine
        }
        LOG.warnf("%s engine: %d command(s) of %s %s failed, retrying: %s", workflow.name(), batch.size(),
                workflow.name(), batch.get(0).path(workflow.keyField()).asText(), e.toString());
        sleep(backoff);
    }

    private void fireTimers() {
        while (running.get()) {
            try {
                int fired = QuarkusTransaction.requiringNew().call(() -> {
                    List<WorkflowTimers.DueTimer> due = timers.claimDue(workflow.timers(), TIMER_CLAIMS);
                    due.forEach(t -> commands.send(workflow, t.instance(), WorkflowCommands.TIMER,
                            Map.of("name", t.name())));
                    return due.size();
                });
                if (fired == 0) {
                    sleep(settings.timerPoll().toMillis());
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warnf("%s timers: %s", workflow.name(), e.getMessage());
                    sleep(1000);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
