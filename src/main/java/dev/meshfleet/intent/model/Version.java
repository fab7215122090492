package dev.meshfleet.intent.model;

import java.util.Map;

/** A version of a service (an Istio subset): the pod labels that select it and an optional policy of its own. */
public record Version(String name, Map<String, String> labels, TrafficPolicy trafficPolicy) {
}
