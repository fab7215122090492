package dev.meshfleet.render;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The apiVersion a typed resource is written at for one cluster. The typed model is fabric8's v1; a cluster that serves
 * only v1beta1 (see {@link dev.meshfleet.cluster.ClusterFacts#istioApiVersion()}) gets the same spec under v1beta1, as
 * the two versions share their schemas for everything Meshfleet renders.
 */
final class IstioApiVersions {

    private IstioApiVersions() {
    }

    /** The resource's API group at the cluster's Istio API version, e.g. {@code networking.istio.io/v1beta1}. */
    static String of(HasMetadata resource, String istioApiVersion) {
        String typed = resource.getApiVersion();
        return typed.substring(0, typed.indexOf('/')) + "/" + istioApiVersion;
    }
}
