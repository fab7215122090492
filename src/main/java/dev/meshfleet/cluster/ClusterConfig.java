package dev.meshfleet.cluster;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "meshfleet.cluster")
public interface ClusterConfig {
    /** How long a cluster's one-time bootstrap token stays valid after registration or reissue. */
    @WithDefault("24h")
    Duration bootstrapTokenTtl();
}
