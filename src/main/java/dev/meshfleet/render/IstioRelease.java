package dev.meshfleet.render;

/**
 * What an Istio release (as the cluster's agent reports it: {@code 1.18.3}, {@code v1.20.0-beta.1}) can take. Meshfleet
 * supports Istio 1.18 and later; output for a cluster uses only what its release has ({@link OlderIstio}) and is
 * validated against that release's schemas ({@code IstioSchemaSets}). An unknown or unreadable version means "current".
 */
public final class IstioRelease {
    /** The oldest Istio Meshfleet supports, whose CRDs ship in the artifact ({@code istio/crd-1.18.gen.yaml}). */
    public static final int OLDEST_MINOR = 18;
    /** VirtualService {@code http[].mirrors} (several mirrors per route) arrived in Istio 1.19. */
    public static final int MIRRORS_MINOR = 19;

    private IstioRelease() {
    }

    /** The minor version of a 1.x release, or -1 when unknown (treated as current). */
    public static int minor(String istioVersion) {
        if (istioVersion == null || istioVersion.isBlank()) {
            return -1;
        }
        String[] parts = istioVersion.strip().replaceFirst("^v", "").split("\\.");
        try {
            if (Integer.parseInt(parts[0]) != 1 || parts.length < 2) {
                return -1;
            }
            return Integer.parseInt(parts[1].replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a cluster at this Istio version lacks a feature that arrived in 1.{@code sinceMinor}. */
    public static boolean before(String istioVersion, int sinceMinor) {
        int minor = minor(istioVersion);
        return minor >= 0 && minor < sinceMinor;
    }

    /**
     * The feature level that decides output and schemas: {@code "1.18"} for clusters before 1.19, the release's
     * {@code "1.<minor>"} for later ones, {@code "current"} when unknown. Clusters of one level get the same resources
     * and the same schema check (see {@link ClusterShape}).
     */
    public static String featureLevel(String istioVersion) {
        int minor = minor(istioVersion);
        return minor < 0 ? "current" : "1." + Math.max(minor, OLDEST_MINOR);
    }
}
