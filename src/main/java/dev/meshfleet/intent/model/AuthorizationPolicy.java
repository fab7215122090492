package dev.meshfleet.intent.model;

import java.util.List;
import java.util.Map;

/** An authorization policy on the workloads a selector picks (all of the namespace without one). */
public record AuthorizationPolicy(String name, String namespace, Map<String, String> selector, AuthorizationAction action, List<AuthorizationRule> rules,
        AuthorizationProvider provider) {
}
