package dev.meshfleet.cluster;

import java.util.Map;
import java.util.Set;

/**
 * What the renderer knows of a target cluster: its name and labels, and what its agent reported of Istio (version and
 * the Istio API versions the cluster serves, e.g. {@code networking.istio.io/v1}). Unknown Istio means "current".
 */
public record ClusterFacts(String name, Map<String, String> labels, String istioVersion, Set<String> istioApiVersions) {

    public static ClusterFacts current(String name, Map<String, String> labels) {
        return new ClusterFacts(name, labels, null, Set.of());
    }

    /**
     * {@code v1} unless the cluster is known to serve only {@code v1beta1} (Istio before 1.22, or an agent report that
     * lists v1beta1 without v1).
     */
    public String istioApiVersion() {
        if (istioApiVersions != null && !istioApiVersions.isEmpty()) {
            boolean v1 = istioApiVersions.contains("networking.istio.io/v1") && istioApiVersions.contains("security.istio.io/v1");
            return v1 ? "v1" : "v1beta1";
        }
        if (istioVersion != null) {
            String[] parts = istioVersion.replaceFirst("^v", "").split("\\.");
            try {
                int major = Integer.parseInt(parts[0]);
                int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("[^0-9].*", "")) : 0;
                return major > 1 || minor >= 22 ? "v1" : "v1beta1";
            } catch (NumberFormatException e) {
                return "v1";
            }
        }
        return "v1";
    }
}
