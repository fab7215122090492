package dev.meshfleet.common.crypto;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.metrics.DatabaseGauges;

/**
 * Seals every stored secret ({@link SealedColumns}) again under the current key-encryption key, at start and on demand:
 * after a new KEK is made current (the old one still configured), replicas re-wrap in small batches, each row locked
 * with {@code FOR UPDATE SKIP LOCKED} so replicas share the work, while the secrets stay usable (one sealed under an
 * older KEK still opens). Once {@link #sealedUnderOtherKeks()} is 0 the old KEK can leave the configuration.
 */
@ApplicationScoped
public class SecretRewrap {
    private static final Logger LOG = Logger.getLogger(SecretRewrap.class);
    private static final int BATCH = 50;
    /** Passes over rows skipped because they were locked: at most this many, this far apart (about 5 s in all). */
    private static final int MAX_PASSES = 50;
    private static final long PASS_PAUSE_MILLIS = 100;

    private final EntityManager em;
    private final SecretSeal seal;
    private final Instance<SealedColumns> columns;

    private final DatabaseGauges gauges;

    public SecretRewrap(EntityManager em, SecretSeal seal, Instance<SealedColumns> columns, DatabaseGauges gauges) {
        this.em = em;
        this.seal = seal;
        this.columns = columns;
        this.gauges = gauges;
    }

    void onStart(@Observes StartupEvent event) {
        // KEK rotation is done when this is 0 on every replica (docs/operations.md)
        gauges.register("meshfleet.kek.secrets.under.other.keys", "Stored secrets sealed under a KEK other than the current one",
                () -> List.of(new DatabaseGauges.Row(Tags.empty(), sealedUnderOtherKeks())));
        try {
            int done = rewrapAll();
            if (done > 0) {
                LOG.infof("re-sealed %d stored secret(s) under key-encryption key '%s'", done, seal.currentKid());
            }
        } catch (RuntimeException e) {
            // a KEK missing from the configuration: those secrets stay as they are until it is back
            LOG.warnf("re-sealing stored secrets stopped: %s", e.getMessage());
        }
    }

    /**
     * Re-seals every stored secret not sealed under the current KEK; returns how many it re-sealed. Rows locked by
     * someone else at that moment (a sync saving its source, another replica re-wrapping) are skipped by a pass, so
     * passes repeat, briefly, until none is left: a skipped row must not wait for the next start.
     */
    public int rewrapAll() {
        int total = 0;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            total += rewrapPass();
            if (sealedUnderOtherKeks() == 0) {
                break;
            }
            try {
                Thread.sleep(PASS_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return total;
    }

    private int rewrapPass() {
        int total = 0;
        for (SealedColumns owner : columns) {
            for (SealedColumns.Column column : owner.sealedColumns()) {
                while (true) {
                    int done = QuarkusTransaction.requiringNew().call(() -> rewrapBatch(column));
                    total += done;
                    if (done < BATCH) {
                        break;
                    }
                }
            }
        }
        return total;
    }

    private int rewrapBatch(SealedColumns.Column c) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT " + c.idColumn() + ", " + c.column() + " FROM " + c.table()
                + " WHERE " + c.column() + " IS NOT NULL AND NOT starts_with(" + c.column() + ", :prefix) ORDER BY "
                + c.idColumn() + " LIMIT :n FOR UPDATE SKIP LOCKED").setParameter("prefix", currentPrefix())
                .setParameter("n", BATCH).getResultList();
        for (Object[] row : rows) {
            WrappedKey resealed = seal.reseal(WrappedKey.decode((String) row[1]), c.context(row[0]));
            em.createNativeQuery("UPDATE " + c.table() + " SET " + c.column() + " = :k WHERE " + c.idColumn() + " = :id")
                    .setParameter("k", resealed.encoded()).setParameter("id", row[0]).executeUpdate();
        }
        return rows.size();
    }

    /** How many stored secrets are sealed under a KEK other than the current one. */
    public long sealedUnderOtherKeks() {
        long count = 0;
        for (SealedColumns owner : columns) {
            for (SealedColumns.Column c : owner.sealedColumns()) {
                count += QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("SELECT count(*) "
                        + "FROM " + c.table() + " WHERE " + c.column() + " IS NOT NULL AND NOT starts_with(" + c.column()
                        + ", :prefix)").setParameter("prefix", currentPrefix()).getSingleResult()).longValue());
            }
        }
        return count;
    }

    private String currentPrefix() {
        return "v1:" + seal.currentKid() + ":";
    }
}
