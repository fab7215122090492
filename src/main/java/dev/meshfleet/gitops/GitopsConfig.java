package dev.meshfleet.gitops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** GitOps: what repositories may be fetched, how webhooks are received, how syncs run. */
@ConfigMapping(prefix = "meshfleet.gitops")
public interface GitopsConfig {
    /** Whether sources may fetch over plain http (https only by default). */
    @WithDefault("false")
    boolean allowPlainHttp();

    /** Whether sources may name file:// repositories (the server's own files: for tests and single-user setups). */
    @WithDefault("false")
    boolean allowLocalRepositories();

    /** Largest webhook body accepted (counted while it streams in; 413 beyond, without reading the rest). */
    @WithDefault("3145728")
    int maxBodyBytes();

    /** How long a webhook body may take to arrive once its headers are in (408 and closed beyond). */
    @WithDefault("PT10S")
    Duration bodyTimeout();

    /** Deliveries accepted per source and minute on this replica (429 with Retry-After beyond). */
    @WithDefault("120")
    int rateLimitPerMinute();

    /** Deliveries a source may send at once before the per-minute rate applies. */
    @WithDefault("30")
    int rateLimitBurst();

    /** Poll interval of sources that do not set one (a safety net for lost webhooks); "0s" to poll only when asked. */
    @WithDefault("PT5M")
    Duration defaultPollInterval();

    /** Shortest poll interval a source may set. */
    @WithDefault("PT1M")
    Duration minPollInterval();

    /** Connect and read timeout of a fetch. */
    @WithDefault("PT60S")
    Duration fetchTimeout();

    /** Where fetched repositories are cached (one bare repository per source); a cache only, safe to delete. */
    Optional<Path> workDir();

    /** How long accepted delivery ids are kept for deduplication. */
    @WithDefault("P14D")
    Duration deliveryRetention();

    /** How many syncs each source keeps in its history (older ones are deleted hourly); the audit log keeps every sync. */
    @WithDefault("1000")
    int syncHistory();

    Sync sync();

    interface Sync {
        /** Whether this replica runs a sync consumer (of {@code <prefix>.gitops.sync}) and fires poll timers. */
        @WithDefault("true")
        boolean enabled();

        /** The consumer group all replicas' sync consumers share. */
        @WithDefault("meshfleet-gitops-sync")
        String group();

        /** How often an idle sync consumer looks for due poll timers. */
        @WithDefault("PT1S")
        Duration timerPoll();
    }
}
