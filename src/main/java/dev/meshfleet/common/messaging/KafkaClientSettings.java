package dev.meshfleet.common.messaging;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;

/**
 * The Kafka client settings every client of this server shares: all {@code kafka.*} settings (and {@code KAFKA_*}
 * environment variables: {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG},
 * {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, ...), as Quarkus gathers them for the messaging channels. The workflow engines'
 * consumers and the topic admin client start from these, so one set of credentials reaches every connection.
 */
@ApplicationScoped
public class KafkaClientSettings {
    private final Map<String, Object> shared;

    public KafkaClientSettings(@Identifier("default-kafka-broker") Map<String, Object> broker) {
        Map<String, Object> settings = new HashMap<>(broker);
        // Quarkus adds the application's name as a group; each of our consumers names its own group, and the admin none
        settings.remove("group.id");
        this.shared = Map.copyOf(settings);
    }

    /** A fresh, mutable copy for one client, to add its own settings to. */
    public Map<String, Object> forClient() {
        return new HashMap<>(shared);
    }
}
