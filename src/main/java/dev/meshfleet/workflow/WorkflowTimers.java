package dev.meshfleet.workflow;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.meshfleet.workflow.Workflow.TimerTable;

/**
 * Persisted timers of workflow instances: armed in the transaction of the transition that wants them, claimed when due
 * with {@code FOR UPDATE SKIP LOCKED} (so each fires on exactly one replica) and deleted by the claiming transaction.
 */
@ApplicationScoped
public class WorkflowTimers {
    private final EntityManager em;

    public WorkflowTimers(EntityManager em) {
        this.em = em;
    }

    /** A due timer, claimed: its row is gone when the claiming transaction commits. */
    public record DueTimer(UUID instance, String name) {
    }

    /** Arms the timer, or re-arms it if it is armed already. */
    public void start(TimerTable t, UUID instance, String name, Duration after) {
        em.createNativeQuery("INSERT INTO " + t.table() + " (" + t.keyColumn() + ", name, fire_at) "
                + "VALUES (:r, :n, now() + make_interval(secs => :s)) ON CONFLICT (" + t.keyColumn()
                + ", name) DO UPDATE SET fire_at = excluded.fire_at")
                .setParameter("r", instance).setParameter("n", name).setParameter("s", after.toMillis() / 1000.0)
                .executeUpdate();
    }

    /** Arms the timer unless it is armed already. */
    public void ensure(TimerTable t, UUID instance, String name, Duration after) {
        em.createNativeQuery("INSERT INTO " + t.table() + " (" + t.keyColumn() + ", name, fire_at) "
                + "VALUES (:r, :n, now() + make_interval(secs => :s)) ON CONFLICT (" + t.keyColumn() + ", name) DO NOTHING")
                .setParameter("r", instance).setParameter("n", name).setParameter("s", after.toMillis() / 1000.0)
                .executeUpdate();
    }

    public void cancel(TimerTable t, UUID instance, String name) {
        em.createNativeQuery("DELETE FROM " + t.table() + " WHERE " + t.keyColumn() + " = :r AND name = :n")
                .setParameter("r", instance).setParameter("n", name).executeUpdate();
    }

    /** Cancels the instance's timers whose names start with {@code prefix}. */
    public void cancelStartingWith(TimerTable t, UUID instance, String prefix) {
        em.createNativeQuery("DELETE FROM " + t.table() + " WHERE " + t.keyColumn() + " = :r AND starts_with(name, :p)")
                .setParameter("r", instance).setParameter("p", prefix).executeUpdate();
    }

    public void cancelAll(TimerTable t, UUID instance) {
        em.createNativeQuery("DELETE FROM " + t.table() + " WHERE " + t.keyColumn() + " = :r")
                .setParameter("r", instance).executeUpdate();
    }

    /** Claims up to {@code limit} due timers, oldest first, skipping those another replica is claiming. */
    public List<DueTimer> claimDue(TimerTable t, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("DELETE FROM " + t.table() + " WHERE id IN (SELECT id FROM " + t.table()
                + " WHERE fire_at <= now() ORDER BY fire_at LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING "
                + t.keyColumn() + ", name").setParameter("limit", limit).getResultList();
        return rows.stream().map(r -> new DueTimer((UUID) r[0], (String) r[1])).toList();
    }
}
