package dev.meshfleet.intent.model;

import java.util.List;

/** Who may call whom: namespaces that deny everything by default, and ALLOW/DENY/AUDIT policies. */
public record Authorization(List<String> denyAllNamespaces, List<AuthorizationPolicy> policies) {
}
