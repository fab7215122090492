package dev.meshfleet.trust;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of trust federation: lifetimes, renewal, rotation pacing, the SPIFFE bundle endpoint. */
@ConfigMapping(prefix = "meshfleet.trust")
public interface TrustConfig {
    /** Lifetime of a generated root CA (10 years, as the SPIFFE X509-SVID profile's roots commonly have). */
    @WithDefault("P3650D")
    Duration rootLifetime();

    /** Lifetime of a cluster's intermediate (at most 1 year, and never past its root's end). */
    @WithDefault("P365D")
    Duration intermediateLifetime();

    /** Fraction of an intermediate's lifetime after which its agent requests a new one. */
    @WithDefault("0.5")
    double renewAt();

    /**
     * How long a rotation waits after verifying before it drops the old root: the longest a workload certificate
     * issued under an old intermediate may live (Istio's default workload certificate TTL is 24 hours).
     */
    @WithDefault("PT24H")
    Duration soak();

    /** The SPIFFE bundle endpoint's spiffe_refresh_hint and Cache-Control max-age. */
    @WithDefault("PT5M")
    Duration bundleRefreshHint();

    Engine engine();

    interface Engine {
        /** Whether this replica runs a root rotation engine (consumer of meshfleet.trust.rotations, timer claims). */
        @WithDefault("true")
        boolean enabled();

        /** The consumer group all replicas' rotation engines share. */
        @WithDefault("meshfleet-trust-rotations")
        String group();

        /** How often an idle engine looks for due timers. */
        @WithDefault("PT0.5S")
        Duration timerPoll();
    }
}
