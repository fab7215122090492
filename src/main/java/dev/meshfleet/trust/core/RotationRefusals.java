package dev.meshfleet.trust.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.meshfleet.protocol.TrustReport;

/**
 * Setups a root rotation must not start on, each named with its cluster and the reason, from what the cluster's agent
 * last reported: Istio releases that broke multi-root bundles, ambient mode (ztunnel trusts one root only), the
 * multi-root switches not set, {@code cacerts} owned by someone else, or no report at all.
 */
public final class RotationRefusals {
    /** Istio releases whose proxies reject multi-root bundles (istio#55793). */
    public static final Set<String> BROKEN_MULTI_ROOT = Set.of("1.24.4", "1.25.1");

    private RotationRefusals() {
    }

    /** One cluster's reasons, empty when it may rotate. */
    public static List<String> reasons(TrustReport report) {
        List<String> reasons = new ArrayList<>();
        if (report == null) {
            reasons.add("its agent has not reported its trust state (not connected, or an agent without trust support)");
            return reasons;
        }
        if (report.foreignOwner() != null) {
            reasons.add("istio-system/cacerts is managed by " + report.foreignOwner());
        }
        String version = report.istioVersion() == null ? null : report.istioVersion().replaceFirst("^v", "");
        if (version != null && BROKEN_MULTI_ROOT.contains(version)) {
            reasons.add("Istio " + version + " breaks multi-root trust bundles (istio#55793): upgrade first");
        }
        if (Boolean.TRUE.equals(report.ambient())) {
            reasons.add("ambient mode is present: ztunnel cannot trust two roots at once (istio#47427)");
        }
        if (!Boolean.TRUE.equals(report.multiRootMesh())) {
            reasons.add("istiod does not run with ISTIO_MULTIROOT_MESH=true");
        }
        if (!Boolean.TRUE.equals(report.xdsAgent())) {
            reasons.add("the mesh config does not set PROXY_CONFIG_XDS_AGENT=\"true\" in defaultConfig.proxyMetadata");
        }
        return reasons;
    }
}
