package dev.meshfleet.common.outbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Deletes outbox rows published long ago and consumers' records of handled messages once no redelivery can reach them
 * any more: the retention must exceed the Kafka topics' (7 days by default), so the default keeps 14 days. Runs hourly on
 * every replica; the deletes are idempotent and go in slices so that no transaction holds many rows.
 */
@ApplicationScoped
public class MessageRetention {
    private static final Logger LOG = Logger.getLogger(MessageRetention.class);
    private static final int SLICE = 5000;

    private final EntityManager em;
    private final Duration keep;
    private ScheduledExecutorService timer;

    public MessageRetention(EntityManager em,
            RetentionConfig config) {
        this.em = em;
        this.keep = config.retention();
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "message-retention");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Returns how many rows it deleted. */
    public int purge() {
        try {
            int deleted = 0;
            deleted += slices("""
                    DELETE FROM outbox WHERE id IN (SELECT id FROM outbox
                        WHERE published_at < now() - make_interval(secs => :keep) LIMIT :slice)""");
            deleted += slices("""
                    DELETE FROM processed_messages WHERE (consumer, message_id) IN (SELECT consumer, message_id
                        FROM processed_messages WHERE processed_at < now() - make_interval(secs => :keep) LIMIT :slice)""");
            // leases a dead relay left on keys that had no message since
            deleted += QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "DELETE FROM outbox_leases WHERE expires_at < now() - interval '1 hour'").executeUpdate());
            return deleted;
        } catch (RuntimeException e) {
            LOG.warnf("message retention: %s (tried again in an hour)", e.getMessage());
            return 0;
        }
    }

    private int slices(String sql) {
        int total = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql)
                    .setParameter("keep", (double) keep.toSeconds()).setParameter("slice", SLICE).executeUpdate());
            total += n;
            if (n < SLICE) {
                return total;
            }
        }
    }
}
