package dev.meshfleet.common.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The series of one database-read gauge. Each series keeps one value holder for as long as its row comes back, and a
 * refresh only sets the holders' values: re-registering every series on every refresh (MultiGauge's overwrite) removed
 * and re-created thousands of meters each time with a fleet's per-cluster gauges, about a tenth of a replica's CPU with
 * 1,000 connected agents. Series whose row is gone are removed.
 */
final class GaugeSeries {
    /** A series' current value, read by the registry at scrape time. */
    static final class Value {
        private volatile double value;

        double get() {
            return value;
        }
    }

    private final MultiGauge gauge;
    /** The holders of the series registered now, by their tags. */
    private Map<Tags, Value> values = Map.of();

    GaugeSeries(String name, String description, MeterRegistry registry) {
        this.gauge = MultiGauge.builder(name).description(description).register(registry);
    }

    /** Sets the series to exactly these rows: new tags become series, missing ones are removed, the rest get new values. */
    synchronized void update(List<DatabaseGauges.Row> rows) {
        Map<Tags, Value> current = new HashMap<>();
        List<MultiGauge.Row<?>> series = new ArrayList<>(rows.size());
        for (DatabaseGauges.Row row : rows) {
            Value holder = current.computeIfAbsent(row.tags(), t -> values.getOrDefault(t, new Value()));
            holder.value = row.value();
            series.add(MultiGauge.Row.of(row.tags(), holder, Value::get));
        }
        // without overwrite, a series registered before keeps its meter (and so its holder): only new ones are added
        gauge.register(series, false);
        values = current;
    }
}
