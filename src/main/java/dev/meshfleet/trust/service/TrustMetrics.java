package dev.meshfleet.trust.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.persistence.SqlValues;
import dev.meshfleet.trust.TrustConfig;

/**
 * Expiry of every root that still has its key and of each cluster's latest intermediate, as Prometheus gauges on the
 * management interface: {@code meshfleet_trust_certificate_expiry_seconds} (negative once expired) and
 * {@code meshfleet_trust_certificate_expiry_warning_days} (30, 7 or 1: the tightest warning threshold crossed; 0 when
 * none), labelled by tenant, mesh, kind (root, intermediate) and name (root fingerprint prefix, or cluster). Every
 * replica serves the same values, read from Postgres every {@code meshfleet.trust.metrics-refresh}.
 */
@ApplicationScoped
public class TrustMetrics {
    private static final Logger LOG = Logger.getLogger(TrustMetrics.class);
    private static final long DAY = 86_400;

    private final EntityManager em;
    private final TrustConfig config;
    private final MultiGauge expirySeconds;
    private final MultiGauge warningDays;
    private volatile Thread refresher;

    public TrustMetrics(EntityManager em, TrustConfig config, MeterRegistry registry) {
        this.em = em;
        this.config = config;
        this.expirySeconds = MultiGauge.builder("meshfleet.trust.certificate.expiry.seconds")
                .description("Seconds until a root or a cluster's intermediate expires (negative: expired)")
                .register(registry);
        this.warningDays = MultiGauge.builder("meshfleet.trust.certificate.expiry.warning.days")
                .description("The tightest expiry warning crossed: 30, 7 or 1 days; 0 when none").register(registry);
    }

    /** One certificate's expiry with its labels. */
    record Expiry(String tenant, String mesh, String kind, String name, OffsetDateTime notAfter) {
    }

    void onStart(@Observes StartupEvent event) {
        Thread thread = new Thread(this::refreshLoop, "trust-metrics");
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
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.warnf("trust expiry metrics: %s", e.getMessage());
            }
            try {
                Thread.sleep(config.metricsRefresh().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public void refresh() {
        List<Expiry> expiries = QuarkusTransaction.requiringNew().call(this::read);
        long now = Instant.now().getEpochSecond();
        List<MultiGauge.Row<?>> seconds = new ArrayList<>();
        List<MultiGauge.Row<?>> warnings = new ArrayList<>();
        for (Expiry e : expiries) {
            Tags tags = Tags.of("tenant", e.tenant(), "mesh", e.mesh(), "kind", e.kind(), "name", e.name());
            long left = e.notAfter().toEpochSecond() - now;
            seconds.add(MultiGauge.Row.of(tags, left));
            warnings.add(MultiGauge.Row.of(tags, left <= DAY ? 1 : left <= 7 * DAY ? 7 : left <= 30 * DAY ? 30 : 0));
        }
        expirySeconds.register(seconds, true);
        warningDays.register(warnings, true);
    }

    @SuppressWarnings("unchecked")
    private List<Expiry> read() {
        List<Expiry> out = new ArrayList<>();
        List<Object[]> roots = em.createNativeQuery("SELECT t.name, m.name, substr(r.sha256, 1, 16), r.not_after "
                + "FROM trust_roots r JOIN meshes m ON m.id = r.mesh_id JOIN tenants t ON t.id = r.tenant_id "
                + "WHERE r.sealed_key IS NOT NULL").getResultList();
        roots.forEach(r -> out.add(new Expiry((String) r[0], (String) r[1], "root", (String) r[2], SqlValues.offsetDateTime(r[3]))));
        List<Object[]> intermediates = em.createNativeQuery("SELECT DISTINCT ON (i.mesh_id, i.cluster_id) t.name, "
                + "m.name, c.name, i.not_after FROM trust_intermediates i JOIN meshes m ON m.id = i.mesh_id "
                + "JOIN clusters c ON c.id = i.cluster_id JOIN tenants t ON t.id = m.tenant_id "
                + "ORDER BY i.mesh_id, i.cluster_id, i.issued_at DESC").getResultList();
        intermediates.forEach(r -> out.add(new Expiry((String) r[0], (String) r[1], "intermediate", (String) r[2],
                SqlValues.offsetDateTime(r[3]))));
        return out;
    }
}
