package dev.meshfleet.common.outbox;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.metrics.DatabaseGauges;

/**
 * The outbox backlog: {@code meshfleet_outbox_backlog_messages} (committed messages not yet acknowledged by Kafka) and
 * {@code meshfleet_outbox_oldest_unpublished_age_seconds} (how long the oldest of them has waited; 0 when none). A
 * growing age means no relay can publish: Kafka is away, or every relay is stuck.
 */
@ApplicationScoped
public class OutboxMetrics {
    private final DatabaseGauges gauges;

    public OutboxMetrics(DatabaseGauges gauges) {
        this.gauges = gauges;
    }

    void register(@Observes StartupEvent event) {
        gauges.register("meshfleet.outbox.backlog.messages", "Outbox messages not yet published to Kafka",
                "SELECT count(*) FROM outbox WHERE published_at IS NULL", Map.of());
        gauges.register("meshfleet.outbox.oldest.unpublished.age.seconds",
                "Seconds the oldest unpublished outbox message has waited (0 when none)", """
                        SELECT coalesce(extract(epoch FROM now() - (SELECT created_at FROM outbox
                            WHERE published_at IS NULL ORDER BY id LIMIT 1)), 0)""", Map.of());
    }
}
