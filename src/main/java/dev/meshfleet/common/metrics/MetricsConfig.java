package dev.meshfleet.common.metrics;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Metrics read from PostgreSQL (see {@link DatabaseGauges}). */
@ConfigMapping(prefix = "meshfleet.metrics")
public interface MetricsConfig {
    /** How often the gauges read from PostgreSQL (agents, delivery, outbox backlog, rollout steps) are read again. */
    @WithDefault("PT15S")
    Duration refresh();
}
