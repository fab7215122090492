package dev.meshfleet.intent.model;

import java.util.List;

import dev.meshfleet.common.labels.Placement;

/**
 * Per-cluster differences: on the clusters the selector picks (by their labels), the listed services use these
 * routes or traffic policy instead of their own. Overrides apply in order; a later one wins for the same field.
 */
public record ClusterOverride(String name, Placement clusters, List<ServiceOverride> services) {
}
