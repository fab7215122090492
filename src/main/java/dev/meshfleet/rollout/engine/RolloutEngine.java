package dev.meshfleet.rollout.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.rollout.RolloutConfig;
import dev.meshfleet.rollout.core.RolloutCommand;
import dev.meshfleet.rollout.store.RolloutStore;

/**
 * The rollout engine of this replica: consumes {@code <prefix>.rollout.commands} in one consumer group shared by all
 * replicas (a rollout's commands, keyed by its id, stay in one partition and so in order) and hands each to
 * {@link RolloutHandler}; offsets are committed only after the handler's transaction committed, so a crash redelivers
 * and the handler drops what it already did. It also claims due timers ({@code FOR UPDATE SKIP LOCKED}, so each fires on
 * one replica) and turns each into a command in the same transaction.
 *
 * <p>A plain Kafka consumer rather than a messaging channel: the engine must be stoppable and restartable as a unit
 * (and commit offsets strictly after its own transactions), which is also what the engine-restart tests exercise.
 */
@ApplicationScoped
public class RolloutEngine {
    private static final Logger LOG = Logger.getLogger(RolloutEngine.class);

    private final RolloutHandler handler;
    private final RolloutStore store;
    private final RolloutCommands commands;
    private final ObjectMapper json;
    private final String bootstrap;
    private final String group;
    private final String topic;
    private final boolean enabled;
    private final Duration timerPoll;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaConsumer<String, String> consumer;
    private Thread commandThread;
    private Thread timerThread;

    public RolloutEngine(RolloutHandler handler, RolloutStore store, RolloutCommands commands, ObjectMapper json,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, RolloutConfig config, Topics topics) {
        this.handler = handler;
        this.store = store;
        this.commands = commands;
        this.json = json;
        this.bootstrap = bootstrap;
        this.group = config.engine().group();
        this.topic = topics.name(Topics.ROLLOUT_COMMANDS);
        this.enabled = config.engine().enabled();
        this.timerPoll = config.timerPoll();
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        commandThread = new Thread(this::consume, "rollout-engine");
        commandThread.setDaemon(true);
        commandThread.start();
        timerThread = new Thread(this::fireTimers, "rollout-timers");
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
        props.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(), ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(), ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5000));
        while (running.get()) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
                consumer = c;
                c.subscribe(List.of(topic));
                while (running.get()) {
                    ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(500));
                    // per rollout, in partition order: one transaction for each rollout's commands of this poll
                    Map<String, List<JsonNode>> byRollout = new java.util.LinkedHashMap<>();
                    for (ConsumerRecord<String, String> record : records) {
                        JsonNode command = read(record);
                        if (command != null) {
                            byRollout.computeIfAbsent(command.path("rolloutId").asText(), k -> new java.util.ArrayList<>())
                                    .add(command);
                        }
                    }
                    byRollout.values().forEach(this::handleUntilDone);
                    if (!records.isEmpty()) {
                        c.commitSync();
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warnf("rollout engine: consumer failed, reconnecting: %s", e.getMessage());
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
            java.util.UUID.fromString(command.path("messageId").asText());
            java.util.UUID.fromString(command.path("rolloutId").asText());
            return command;
        } catch (Exception e) {
            LOG.errorf("rollout engine: skipping an unreadable command at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    /**
     * Handles a rollout's commands, retrying while the failure may be passing (Postgres away, a lock timeout): skipping
     * would lose commands, and partition order means later commands of the rollout must wait for them anyway.
     */
    private void handleUntilDone(List<JsonNode> commands) {
        long backoff = 100;
        Map<java.util.UUID, String> refusedOutcomes = new java.util.HashMap<>();
        while (true) {
            try {
                handler.handle(commands, refusedOutcomes);
                return;
            } catch (RolloutHandler.OutcomeRefused e) {
                if (refusedOutcomes.putIfAbsent(e.rolloutId(), e.reason()) == null) {
                    // nothing of that attempt committed: the same commands again, and the rollout fails with the reason
                    LOG.warnf("rollout %s fails: %s", e.rolloutId(), e.reason());
                    continue;
                }
                retryAfter(commands, e, backoff);
                backoff = Math.min(backoff * 2, 5000);
            } catch (RuntimeException e) {
                retryAfter(commands, e, backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    private void retryAfter(List<JsonNode> commands, RuntimeException e, long backoff) {
        if (!running.get()) {
            throw new WakeupException(); // not committed: redelivered to the next engine
        }
        LOG.warnf("rollout engine: %d command(s) of rollout %s failed, retrying: %s", commands.size(),
                commands.get(0).path("rolloutId").asText(), e.toString());
        sleep(backoff);
    }

    private void fireTimers() {
        while (running.get()) {
            try {
                int fired = QuarkusTransaction.requiringNew().call(() -> {
                    List<RolloutStore.DueTimer> due = store.claimDue(100);
                    due.forEach(t -> commands.send(t.rolloutId(), RolloutCommand.TIMER, Map.of("name", t.name())));
                    return due.size();
                });
                if (fired == 0) {
                    sleep(timerPoll.toMillis());
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warnf("rollout timers: %s", e.getMessage());
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
