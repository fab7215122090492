package dev.meshfleet.trust.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.metrics.DatabaseGauges;
import dev.meshfleet.common.persistence.SqlValues;

/**
 * Expiry of every root that still has its key and of each cluster's latest intermediate, as Prometheus gauges on the
 * management interface: {@code meshfleet_trust_certificate_expiry_seconds} (negative once expired) and
 * {@code meshfleet_trust_certificate_expiry_warning_days} (30, 7 or 1: the tightest warning threshold crossed; 0 when
 * none), labelled by tenant, mesh, kind (root, intermediate) and name (root fingerprint prefix, or cluster). Every
 * replica serves the same values, read from Postgres every {@code meshfleet.metrics.refresh} ({@link DatabaseGauges}).
 */
@ApplicationScoped
public class TrustMetrics {
    private static final long DAY = 86_400;

    private final EntityManager em;
    private final DatabaseGauges gauges;

    public TrustMetrics(EntityManager em, DatabaseGauges gauges) {
        this.em = em;
        this.gauges = gauges;
    }

    /** One certificate's expiry with its labels. */
    record Expiry(String tenant, String mesh, String kind, String name, OffsetDateTime notAfter) {
    }

    void register(@Observes StartupEvent event) {
        gauges.register("meshfleet.trust.certificate.expiry.seconds",
                "Seconds until a root or a cluster's intermediate expires (negative: expired)", () -> rows(left -> left));
        gauges.register("meshfleet.trust.certificate.expiry.warning.days",
                "The tightest expiry warning crossed: 30, 7 or 1 days; 0 when none",
                () -> rows(left -> left <= DAY ? 1 : left <= 7 * DAY ? 7 : left <= 30 * DAY ? 30 : 0));
    }

    /** A series per certificate, its value computed from the seconds it has left. */
    private List<DatabaseGauges.Row> rows(ToLongFunction<Long> value) {
        long now = Instant.now().getEpochSecond();
        List<DatabaseGauges.Row> out = new ArrayList<>();
        for (Expiry e : read()) {
            Tags tags = Tags.of("tenant", e.tenant(), "mesh", e.mesh(), "kind", e.kind(), "name", e.name());
            out.add(new DatabaseGauges.Row(tags, value.applyAsLong(e.notAfter().toEpochSecond() - now)));
        }
        return out;
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
