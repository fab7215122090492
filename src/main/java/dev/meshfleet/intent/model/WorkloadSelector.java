package dev.meshfleet.intent.model;

import java.util.Map;

/** Pods and WorkloadEntries selected by label, as the endpoints of a MESH_INTERNAL service entry. */
public record WorkloadSelector(Map<String, String> labels) {
}
