package dev.meshfleet.gitops.store;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.meshfleet.common.persistence.SqlValues;

/** Delivery ids each source accepted, in Postgres so that a redelivery after a restart is still recognised. */
@ApplicationScoped
public class GitDeliveries {
    private final EntityManager em;

    public GitDeliveries(EntityManager em) {
        this.em = em;
    }

    /** The newest delivery a source sent: when, its id, what was made of it. */
    public record Last(OffsetDateTime at, String id, String result) {
    }

    /** Records the delivery and its result; false when the source sent that id before (nothing is changed then). */
    public boolean first(UUID sourceId, String deliveryId, String result) {
        return em.createNativeQuery("""
                INSERT INTO git_deliveries (source_id, delivery_id, result) VALUES (:s, :d, :r) ON CONFLICT DO NOTHING""")
                .setParameter("s", sourceId).setParameter("d", deliveryId).setParameter("r", result).executeUpdate() == 1;
    }

    public Optional<Last> last(UUID sourceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT received_at, delivery_id, result FROM git_deliveries WHERE source_id = :s
                ORDER BY received_at DESC LIMIT 1""").setParameter("s", sourceId).getResultList();
        return rows.stream().findFirst().map(r -> new Last(SqlValues.offsetDateTime(r[0]), (String) r[1], (String) r[2]));
    }

    /** Forgets ids older than {@code keep} (providers stop redelivering long before); returns how many. */
    public int purge(Duration keep) {
        return em.createNativeQuery("""
                DELETE FROM git_deliveries WHERE (source_id, delivery_id) IN (SELECT source_id, delivery_id
                    FROM git_deliveries WHERE received_at < now() - make_interval(secs => :keep) LIMIT 5000)""")
                .setParameter("keep", (double) keep.toSeconds()).executeUpdate();
    }
}
