package dev.meshfleet.gitops.service;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.gitops.GitopsConfig;
import dev.meshfleet.gitops.store.GitDeliveries;
import dev.meshfleet.gitops.store.GitSync;

/**
 * Hourly on every replica: forgets delivery ids older than {@code meshfleet.gitops.delivery-retention} (providers
 * redeliver within hours, not weeks), syncs beyond each source's newest {@code meshfleet.gitops.sync-history} (a poll
 * every minute would otherwise grow the table without end; the audit log keeps every sync), and the rate-limit buckets
 * of sources that went quiet. Idempotent.
 */
@ApplicationScoped
public class GitopsHousekeeping {
    private static final Logger LOG = Logger.getLogger(GitopsHousekeeping.class);

    private final GitDeliveries deliveries;
    private final DeliveryService receiver;
    private final Duration keep;
    private final int syncHistory;
    private ScheduledExecutorService timer;

    public GitopsHousekeeping(GitDeliveries deliveries, DeliveryService receiver, GitopsConfig config) {
        this.deliveries = deliveries;
        this.receiver = receiver;
        this.keep = config.deliveryRetention();
        this.syncHistory = config.syncHistory();
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gitops-housekeeping");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::run, 5, 60, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** What one run deleted. */
    public record Purged(int deliveries, int syncs) {
    }

    public Purged run() {
        receiver.forgetIdleSources();
        try {
            return new Purged(inBatches(() -> deliveries.purge(keep)), inBatches(() -> GitSync.prune(syncHistory)));
        } catch (RuntimeException e) {
            LOG.warnf("gitops housekeeping: %s (tried again in an hour)", e.getMessage());
            return new Purged(0, 0);
        }
    }

    /** Runs a delete of at most 5,000 rows per transaction until one deletes fewer; returns the total. */
    private static int inBatches(java.util.function.IntSupplier batch) {
        int total = 0;
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(batch::getAsInt);
            total += n;
        } while (n == 5000);
        return total;
    }
}
