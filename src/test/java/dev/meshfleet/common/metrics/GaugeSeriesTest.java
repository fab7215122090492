package dev.meshfleet.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class GaugeSeriesTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GaugeSeries series = new GaugeSeries("meshfleet.test.connected", "test", registry);

    private Gauge gauge(String cluster) {
        return registry.find("meshfleet.test.connected").tags("cluster", cluster).gauge();
    }

    private static DatabaseGauges.Row row(String cluster, double value) {
        return new DatabaseGauges.Row(Tags.of("cluster", cluster), value);
    }

    @Test
    void aRefreshSetsValuesWithoutReplacingTheMetersOfSeriesThatStay() {
        series.update(List.of(row("c1", 1), row("c2", 0)));
        Gauge c1 = gauge("c1");
        assertEquals(1, c1.value());
        assertEquals(0, gauge("c2").value());

        series.update(List.of(row("c1", 0), row("c2", 1)));
        assertSame(c1, gauge("c1"), "the series stayed: its meter is the same one");
        assertEquals(0, c1.value());
        assertEquals(1, gauge("c2").value());
    }

    @Test
    void seriesWhoseRowIsGoneAreRemovedAndNewOnesAdded() {
        series.update(List.of(row("c1", 1), row("c2", 1)));
        series.update(List.of(row("c2", 1), row("c3", 5)));
        assertNull(gauge("c1"));
        assertEquals(5, gauge("c3").value());
        assertEquals(2, registry.find("meshfleet.test.connected").gauges().size());

        // a series that comes back after it was removed is served again, with its new value
        series.update(List.of(row("c1", 7)));
        assertEquals(7, gauge("c1").value());
        assertNull(gauge("c2"));
        assertEquals(1, registry.find("meshfleet.test.connected").gauges().size());

        series.update(List.of());
        assertEquals(0, registry.find("meshfleet.test.connected").gauges().size());
    }
}
