package dev.meshfleet.common.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Gauges whose values live in PostgreSQL (how many outbox messages wait, which agents are connected, what failed to
 * apply): each feature registers a query, and one thread reads them all every {@code meshfleet.metrics.refresh}. Every
 * replica serves the same values, whichever replica holds the agent or ran the work, so alert rules take {@code max}
 * over replicas; series whose row disappeared are removed.
 */
@ApplicationScoped
public class DatabaseGauges {
    private static final Logger LOG = Logger.getLogger(DatabaseGauges.class);

    /** One series: its tags and value. */
    public record Row(Tags tags, double value) {
    }

    private record Source(String name, GaugeSeries series, Supplier<List<Row>> read) {
    }

    private final MeterRegistry registry;
    private final EntityManager em;
    private final MetricsConfig config;
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private volatile Thread refresher;

    public DatabaseGauges(MeterRegistry registry, EntityManager em, MetricsConfig config) {
        this.registry = registry;
        this.em = em;
        this.config = config;
    }

    /** Registers a gauge whose rows {@code read} returns (called in a transaction of its own on every refresh). */
    public void register(String name, String description, Supplier<List<Row>> read) {
        sources.add(new Source(name, new GaugeSeries(name, description, registry), read));
    }

    /**
     * Registers a gauge read by a native query: each result row is one series, its first columns the values of
     * {@code tags} (in that order), its last column the value.
     */
    public void register(String name, String description, String sql, Map<String, Object> parameters, String... tags) {
        register(name, description, () -> {
            var query = em.createNativeQuery(sql);
            parameters.forEach(query::setParameter);
            List<Row> out = new ArrayList<>();
            for (Object result : query.getResultList()) {
                Object[] columns = tags.length == 0 ? new Object[] { result } : (Object[]) result;
                Tags t = Tags.empty();
                for (int i = 0; i < tags.length; i++) {
                    t = t.and(tags[i], String.valueOf(columns[i]));
                }
                out.add(new Row(t, ((Number) columns[tags.length]).doubleValue()));
            }
            return out;
        });
    }

    void onStart(@Observes StartupEvent event) {
        Thread thread = new Thread(this::refreshLoop, "database-gauges");
        thread.setDaemon(true);
        refresher = thread;
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread thread = refresher;
        refresher = null;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void refreshLoop() {
        while (refresher == Thread.currentThread()) {
            refresh();
            try {
                Thread.sleep(config.refresh().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads every gauge now; one that fails (the database away) keeps its last values and is tried again next time. */
    public void refresh() {
        for (Source source : sources) {
            try {
                source.series().update(QuarkusTransaction.requiringNew().call(source.read()::get));
            } catch (RuntimeException e) {
                LOG.warnf("metric %s not refreshed: %s", source.name(), e.getMessage());
            }
        }
    }
}
