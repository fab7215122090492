package dev.meshfleet.gitops.store;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** Delivery ids each source accepted, in Postgres so that a redelivery after a restart is still recognised. */
@ApplicationScoped
public class GitDeliveries {
    private final EntityManager em;

    public GitDeliveries(EntityManager em) {
        this.em = em;
    }

    /** Records the delivery; false when the source accepted that id before. */
    public boolean first(UUID sourceId, String deliveryId) {
        return em.createNativeQuery("""
                INSERT INTO git_deliveries (source_id, delivery_id) VALUES (:s, :d) ON CONFLICT DO NOTHING""")
                .setParameter("s", sourceId).setParameter("d", deliveryId).executeUpdate() == 1;
    }

    /** Forgets ids older than {@code keep} (providers stop redelivering long before); returns how many. */
    public int purge(Duration keep) {
        return em.createNativeQuery("""
                DELETE FROM git_deliveries WHERE (source_id, delivery_id) IN (SELECT source_id, delivery_id
                    FROM git_deliveries WHERE received_at < now() - make_interval(secs => :keep) LIMIT 5000)""")
                .setParameter("keep", (double) keep.toSeconds()).executeUpdate();
    }
}
