package dev.meshfleet.common.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Sizes of the per-replica caches of immutable things (a miss reads or renders again; nothing is ever stale). */
@ConfigMapping(prefix = "meshfleet.cache")
public interface CacheConfig {
    /** Intent revisions kept parsed and serialised. */
    @WithDefault("2048")
    int revisionDocuments();

    /** Rendered bundles kept: one per mesh revision, cluster shape, delivery policy and rollout weights. */
    @WithDefault("4096")
    int bundles();
}
