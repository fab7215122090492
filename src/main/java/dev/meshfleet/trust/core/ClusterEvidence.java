package dev.meshfleet.trust.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.meshfleet.protocol.TrustReport;

/**
 * Whether one cluster has shown that it holds what a phase asks, judged only from its agent's last {@link TrustReport}:
 * {@code cacerts} holds the bundle and an intermediate from the phase's issuer, every {@code istio-ca-root-cert}
 * ConfigMap carries the bundle (istiod reloaded and distributed it), istiod signs with the intermediate in
 * {@code cacerts}, and, while verifying, leaves under the old and the new intermediate both verify against the live
 * bundle. What is missing is listed, so the API can say what a phase waits for.
 *
 * @param shown   everything the phase needs is shown
 * @param waiting what is not (yet), one line each
 * @param blocked a reason no waiting will fix (cacerts owned by someone else), or null
 */
public record ClusterEvidence(boolean shown, List<String> waiting, String blocked) {

    /**
     * @param rootCertSha256     SHA-256 of the exact root-cert.pem the phase asks for
     * @param issuerSha256       fingerprint of the root that must have issued the cluster's intermediate
     * @param probeLeaves        whether the phase verifies leaves
     * @param oldIssuerSha256    fingerprint of the root being replaced (a verified leaf under it is required while
     *                           probing when {@code hadOldIntermediate})
     * @param hadOldIntermediate whether the cluster had an intermediate from the old root (a cluster that joined
     *                           mid-rotation has none to probe)
     */
    public record Expected(String rootCertSha256, String issuerSha256, boolean probeLeaves, String oldIssuerSha256,
            boolean hadOldIntermediate) {
    }

    public static ClusterEvidence judge(Expected expected, TrustReport report) {
        if (report == null) {
            return new ClusterEvidence(false, List.of("no trust report from the cluster's agent yet"), null);
        }
        if (report.foreignOwner() != null) {
            return new ClusterEvidence(false, List.of(), "istio-system/cacerts is managed by " + report.foreignOwner()
                    + ": Meshfleet does not overwrite it");
        }
        List<String> waiting = new ArrayList<>();
        if (!expected.rootCertSha256().equals(report.cacertsRootSha256())) {
            waiting.add("cacerts root-cert.pem is not the phase's bundle yet");
        }
        if (!expected.issuerSha256().equals(report.cacertsIssuerSha256())) {
            waiting.add("cacerts ca-cert.pem is not issued by the phase's root yet");
        }
        Map<String, Integer> configMaps = Objects.requireNonNullElse(report.configMapRoots(), Map.of());
        if (configMaps.isEmpty()) {
            waiting.add("no istio-ca-root-cert ConfigMap seen");
        } else if (!configMaps.keySet().equals(java.util.Set.of(expected.rootCertSha256()))) {
            int stale = configMaps.entrySet().stream().filter(e -> !e.getKey().equals(expected.rootCertSha256()))
                    .mapToInt(Map.Entry::getValue).sum();
            waiting.add(stale + " istio-ca-root-cert ConfigMap(s) still carry another bundle (istiod has not reloaded)");
        }
        if (report.istiodIntermediateSha256() == null) {
            waiting.add("istiod's CA certificate not observed");
        } else if (!report.istiodIntermediateSha256().equals(report.cacertsIntermediateSha256())) {
            waiting.add("istiod does not sign with the intermediate in cacerts yet");
        }
        if (expected.probeLeaves()) {
            List<TrustReport.LeafCheck> checks = Objects.requireNonNullElse(report.leafChecks(), List.of());
            checks.stream().filter(c -> !c.verified()).forEach(c -> waiting.add("a leaf under intermediate "
                    + abbreviate(c.intermediateSha256()) + " does not verify against the live bundle: " + c.error()));
            if (checks.stream().noneMatch(c -> c.verified() && expected.issuerSha256().equals(c.issuerSha256()))) {
                waiting.add("no verified leaf under the new intermediate yet");
            }
            if (expected.hadOldIntermediate() && checks.stream()
                    .noneMatch(c -> c.verified() && Objects.equals(expected.oldIssuerSha256(), c.issuerSha256()))) {
                waiting.add("no verified leaf under the old intermediate yet");
            }
        }
        if (report.error() != null && !waiting.isEmpty()) {
            waiting.add("the agent reports: " + report.error());
        }
        return new ClusterEvidence(waiting.isEmpty(), List.copyOf(waiting), null);
    }

    private static String abbreviate(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }
}
