package dev.meshfleet.trust.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.crypto.SecretSeal;
import dev.meshfleet.common.crypto.WrappedKey;
import dev.meshfleet.trust.store.TrustRoot;

/**
 * Seals every stored root key again under the current key-encryption key, at start and on demand: after a new KEK is
 * made current (the old one still configured), replicas re-wrap the keys in small batches, each row locked with
 * {@code FOR UPDATE SKIP LOCKED} so replicas share the work, while signing goes on (an old-KEK key still opens). Once
 * no key is sealed under the old KEK ({@link #sealedUnderOtherKeks()} is 0) it can be removed from the configuration.
 */
@ApplicationScoped
public class RootKeyRewrap {
    private static final Logger LOG = Logger.getLogger(RootKeyRewrap.class);
    private static final int BATCH = 50;

    private final EntityManager em;
    private final SecretSeal seal;

    public RootKeyRewrap(EntityManager em, SecretSeal seal) {
        this.em = em;
        this.seal = seal;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            int done = rewrapAll();
            if (done > 0) {
                LOG.infof("re-sealed %d root key(s) under key-encryption key '%s'", done, seal.currentKid());
            }
        } catch (RuntimeException e) {
            // a KEK missing from the configuration: those keys stay as they are (and cannot sign) until it is back
            LOG.warnf("re-sealing root keys stopped: %s", e.getMessage());
        }
    }

    /** Re-seals every root key not sealed under the current KEK; returns how many it re-sealed. */
    public int rewrapAll() {
        int total = 0;
        while (true) {
            int done = QuarkusTransaction.requiringNew().call(this::rewrapBatch);
            total += done;
            if (done < BATCH) {
                return total;
            }
        }
    }

    private int rewrapBatch() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, sealed_key FROM trust_roots WHERE sealed_key IS NOT NULL "
                + "AND NOT starts_with(sealed_key, :prefix) ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED")
                .setParameter("prefix", "v1:" + seal.currentKid() + ":").setParameter("n", BATCH).getResultList();
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            WrappedKey resealed = seal.reseal(WrappedKey.decode((String) row[1]), TrustRoot.keyContext(id));
            em.createNativeQuery("UPDATE trust_roots SET sealed_key = :k WHERE id = :id")
                    .setParameter("k", resealed.encoded()).setParameter("id", id).executeUpdate();
        }
        return rows.size();
    }

    /** How many stored root keys are sealed under a KEK other than the current one. */
    public long sealedUnderOtherKeks() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("SELECT count(*) FROM "
                + "trust_roots WHERE sealed_key IS NOT NULL AND NOT starts_with(sealed_key, :prefix)")
                .setParameter("prefix", "v1:" + seal.currentKid() + ":").getSingleResult()).longValue());
    }
}
