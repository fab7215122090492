package dev.meshfleet.intent.model;

import java.util.List;

/** A condition on a request attribute (Istio's 'when' keys). */
public record AuthorizationCondition(String key, List<String> values, List<String> notValues) {
}
