package dev.meshfleet.common.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Meshfleet's own use of Kafka: the topic prefix of this installation and how its topics are created. */
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

    /** The brokers, as SmallRye's Kafka connector reads them ({@code kafka.bootstrap.servers}). */
    @ConfigMapping(prefix = "kafka")
    interface Broker {
        /** Comma-separated host:port list of the Kafka brokers. */
        @WithName("bootstrap.servers")
        String bootstrapServers();
    }
}
