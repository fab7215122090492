package dev.meshfleet.render;

import dev.meshfleet.cluster.ClusterFacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.meshfleet.intent.model.ClusterOverrides;
import dev.meshfleet.intent.model.MeshIntent;

/**
 * What makes one cluster's rendering of an intent differ from another's: the Istio API version it serves, its Istio
 * feature level ({@link IstioRelease#featureLevel}) and which of the intent's cluster overrides select it (by index).
 * Clusters of one shape get the same resources, so checking,
 * planning and caching once per shape is as good as once per cluster. Pure.
 */
public record ClusterShape(String istioApiVersion, String istioFeatureLevel, List<Integer> overrides) {

    /** A shape of a current Istio release (1.19 or later, or unknown). */
    public ClusterShape(String istioApiVersion, List<Integer> overrides) {
        this(istioApiVersion, "current", overrides);
    }

    public static ClusterShape of(MeshIntent intent, ClusterFacts cluster) {
        return new ClusterShape(cluster.istioApiVersion(), IstioRelease.featureLevel(cluster.istioVersion()),
                ClusterOverrides.matching(intent, cluster.labels()));
    }

    /** The clusters grouped by shape, shapes and clusters in the order first seen. */
    public static Map<ClusterShape, List<ClusterFacts>> group(MeshIntent intent, List<ClusterFacts> clusters) {
        Map<ClusterShape, List<ClusterFacts>> out = new LinkedHashMap<>();
        for (ClusterFacts cluster : clusters) {
            out.computeIfAbsent(of(intent, cluster), s -> new ArrayList<>()).add(cluster);
        }
        return out;
    }
}
