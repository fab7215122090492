package dev.meshfleet.protocol;

import java.util.List;

/** One round of a rollout's analysis queries on this cluster: per metric key, the value (null: no data) or an error. */
public record Measurements(List<Measured> values) {
}
