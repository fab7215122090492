package dev.meshfleet.render.schema;

import dev.meshfleet.render.IstioRelease;

/**
 * The Istio schemas a cluster's output is validated against, by the Istio release its agent reported: the CRDs of the
 * oldest supported release (Istio 1.18.0, istio/istio tag 1.18.0, manifests/charts/base/crds/crd-all.gen.yaml, shipped as
 * {@value #OLDEST_RESOURCE}) for clusters before 1.19, the newest bundled CRDs ({@link CrdSchemas#bundled()}) for all
 * others and for clusters whose release is unknown. The CRDs of 1.19 to the newest are not all bundled: a cluster in
 * between is held to the newest schemas, plus {@link dev.meshfleet.render.IstioRelease}'s feature gates.
 */
public final class IstioSchemaSets {
    public static final String OLDEST_RESOURCE = "istio/crd-1.18.gen.yaml";
    private static volatile CrdSchemas oldest;

    private IstioSchemaSets() {
    }

    /** The schemas for a cluster at this Istio version ({@code null}: unknown, i.e. current). */
    public static CrdSchemas forIstio(String istioVersion) {
        return IstioRelease.before(istioVersion, IstioRelease.MIRRORS_MINOR) ? oldest() : CrdSchemas.bundled();
    }

    /** Istio 1.18's CRDs, loaded once. */
    public static CrdSchemas oldest() {
        CrdSchemas schemas = oldest;
        if (schemas == null) {
            synchronized (IstioSchemaSets.class) {
                if (oldest == null) {
                    oldest = CrdSchemas.resource(OLDEST_RESOURCE);
                }
                schemas = oldest;
            }
        }
        return schemas;
    }
}
