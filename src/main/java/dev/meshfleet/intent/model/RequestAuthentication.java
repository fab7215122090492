package dev.meshfleet.intent.model;

import java.util.List;
import java.util.Map;

/**
 * Which JWTs the workloads a selector picks accept (Istio's RequestAuthentication): all of the namespace without a
 * selector, the whole mesh in the root namespace istio-system.
 */
public record RequestAuthentication(String name, String namespace, Map<String, String> selector, List<JwtRule> jwtRules) {
}
