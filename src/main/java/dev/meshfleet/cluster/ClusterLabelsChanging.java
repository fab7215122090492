package dev.meshfleet.cluster;

import java.util.Map;

/**
 * Fired (synchronously, in the committing transaction, the cluster already carrying its new labels) when a cluster is
 * registered or relabelled, so that the meshes it now receives, or receives differently, can refuse the change: an
 * intent that fails on the cluster's new shape must not reach it. {@code before}: null for a new cluster.
 */
public record ClusterLabelsChanging(Cluster cluster, Map<String, String> before) {
}
