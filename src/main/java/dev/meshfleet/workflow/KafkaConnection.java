package dev.meshfleet.workflow;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * Where the Kafka broker is, as the messaging channels see it ({@code kafka.bootstrap.servers}): workflow engines run
 * plain consumers and must join the same broker. No default here: application.properties sets it once for everyone.
 */
@ConfigMapping(prefix = "kafka")
public interface KafkaConnection {
    /** The brokers to bootstrap from (host:port, comma-separated). */
    @WithName("bootstrap.servers")
    String bootstrapServers();
}
