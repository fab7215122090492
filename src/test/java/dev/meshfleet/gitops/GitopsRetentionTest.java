package dev.meshfleet.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.meshfleet.gitops.service.GitopsHousekeeping;
import dev.meshfleet.support.TestTenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Housekeeping bounds what gitops keeps: each source's newest syncs (meshfleet.gitops.sync-history, 1000), and delivery ids for the retention period. */
@QuarkusTest
class GitopsRetentionTest {
    @Inject
    EntityManager em;
    @Inject
    GitopsHousekeeping housekeeping;

    @Test
    void eachSourceKeepsItsNewestSyncsAndRecentDeliveryIds() {
        TestTenant tenant = TestTenant.create();
        tenant.createMesh("payments");
        UUID busy = sourceId(Hooks.create(tenant, "payments", "github", "http://127.0.0.1:1/a.git", Map.of("suspended", true)));
        UUID quiet = sourceId(Hooks.create(tenant, "payments", "github", "http://127.0.0.1:1/b.git", Map.of("suspended", true)));
        QuarkusTransaction.requiringNew().run(() -> {
            syncs(busy, 1010);
            syncs(quiet, 5);
            em.createNativeQuery("""
                    INSERT INTO git_deliveries (source_id, delivery_id, result, received_at) VALUES
                    (:s, 'old', 'accepted', now() - interval '15 days'), (:s, 'recent', 'accepted', now() - interval '13 days')""")
                    .setParameter("s", busy).executeUpdate();
        });
        long oldestKept = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT min(id) FROM (SELECT id FROM git_syncs WHERE source_id = :s ORDER BY id DESC LIMIT 1000) n")
                .setParameter("s", busy).getSingleResult()).longValue());

        GitopsHousekeeping.Purged purged = housekeeping.run();

        assertEquals(List.of(1000L, oldestKept), QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) em.createNativeQuery("SELECT count(*), min(id) FROM git_syncs WHERE source_id = :s")
                    .setParameter("s", busy).getSingleResult();
            return List.of(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }), "the busy source keeps its newest 1000 syncs");
        assertEquals(5L, count("SELECT count(*) FROM git_syncs WHERE source_id = :s", quiet), "a quiet source loses none");
        assertEquals(List.of("recent"), QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT delivery_id FROM git_deliveries WHERE source_id = :s").setParameter("s", busy).getResultList()));
        assertEquals(true, purged.syncs() >= 10 && purged.deliveries() >= 1, purged.toString());
    }

    private void syncs(UUID source, int n) {
        em.createNativeQuery("""
                INSERT INTO git_syncs (source_id, trigger, result, duration_ms)
                SELECT :s, 'poll', 'UNCHANGED', 1 FROM generate_series(1, :n)""").setParameter("s", source)
                .setParameter("n", n).executeUpdate();
    }

    private long count(String sql, UUID source) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).setParameter("s", source)
                .getSingleResult()).longValue());
    }

    private UUID sourceId(Hooks.Source source) {
        String hookId = source.hookPath().substring("/hooks/".length());
        return QuarkusTransaction.requiringNew().call(() -> (UUID) em.createNativeQuery(
                "SELECT id FROM git_sources WHERE hook_id = :h").setParameter("h", hookId).getSingleResult());
    }
}
