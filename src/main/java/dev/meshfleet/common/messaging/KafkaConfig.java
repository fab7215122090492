package dev.meshfleet.common.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Meshfleet's own use of Kafka: the topic prefix of this installation and how its topics are created. How to reach the
 * brokers (servers, security protocol, credentials) is Kafka's own {@code kafka.*} settings ({@link KafkaClientSettings}).
 */
@ConfigMapping(prefix = "meshfleet.kafka")
public interface KafkaConfig {
    /** Prefix of every topic and consumer group, so installations (and tests, benchmarks) can share one broker. */
    @WithDefault("meshfleet")
    String prefix();

    /** Partitions of the topics Meshfleet creates at startup when they are missing. */
    @WithDefault("4")
    int partitions();

    /** Replication factor of the topics Meshfleet creates at startup when they are missing. */
    @WithDefault("1")
    short replicationFactor();

    /**
     * Session timeout of the workflow engines' consumers (rollouts, rotations, syncs): how long a replica killed without
     * leaving its group keeps its partitions, so the longest pause of an engine's work before a survivor takes it over.
     * The broker refuses less than its group.min.session.timeout.ms (6 s by default).
     */
    @WithDefault("PT6S")
    java.time.Duration engineSessionTimeout();
}
