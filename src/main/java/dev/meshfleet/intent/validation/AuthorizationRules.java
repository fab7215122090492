package dev.meshfleet.intent.validation;

import java.util.HashSet;
import java.util.Set;

import dev.meshfleet.intent.model.Authorization;

/**
 * Authorization: deny-all namespaces, and policies (unique per namespace, not named like a generated deny-all) whose
 * rules name principals, ports, IP blocks and conditions well (CUSTOM: {@link AuthorizationCustomRules}).
 */
final class AuthorizationRules {
    private final PathChecks checks;

    AuthorizationRules(PathChecks checks) {
        this.checks = checks;
    }

    void check(Authorization a, String p) {
        if (a.denyAllNamespaces() != null) {
            for (int i = 0; i < a.denyAllNamespaces().size(); i++) {
                checks.dnsLabel(a.denyAllNamespaces().get(i), p + ".denyAllNamespaces[" + i + "]");
            }
        }
        Set<String> names = new HashSet<>();
        checks.each(a.policies(), p + ".policies", (pol, pp) -> {
            checks.dnsLabel(pol.name(), pp + ".name");
            checks.dnsLabel(pol.namespace(), pp + ".namespace");
            if (pol.name() != null && !names.add(pol.namespace() + "/" + pol.name())) {
                checks.error(pp + ".name", "duplicate policy '" + pol.name() + "' in namespace " + pol.namespace());
            }
            if ("deny-all".equals(pol.name()) && a.denyAllNamespaces() != null
                    && a.denyAllNamespaces().contains(pol.namespace())) {
                checks.error(pp + ".name", "'deny-all' is the name of the generated deny-all policy of this namespace");
            }
            checks.labels(pol.selector(), pp + ".selector");
            AuthorizationCustomRules.provider(checks, pol, pp);
            AuthorizationWebhookRules.check(checks, pol, pp);
            checks.each(pol.rules(), pp + ".rules", (rule, rp) -> {
                checks.each(rule.from(), rp + ".from", (src, fp) -> {
                    if (src.principals() != null) {
                        for (int i = 0; i < src.principals().size(); i++) {
                            String principal = src.principals().get(i);
                            if (principal == null || principal.isBlank()) {
                                checks.error(fp + ".principals[" + i + "]", "must not be empty");
                            }
                        }
                    }
                    AuthorizationCustomRules.ipBlocks(checks, src, fp);
                });
                checks.each(rule.to(), rp + ".to", (op, op2) -> {
                    if (op.ports() != null) {
                        for (int i = 0; i < op.ports().size(); i++) {
                            String port = op.ports().get(i);
                            if (port == null || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1
                                    || Integer.parseInt(port) > 65535) {
                                checks.error(op2 + ".ports[" + i + "]", "must be a port number between 1 and 65535 (as a string)");
                            }
                        }
                    }
                });
                checks.each(rule.when(), rp + ".when", (c, cp) -> {
                    checks.required(c.key(), cp + ".key");
                    if (c.values() == null && c.notValues() == null) {
                        checks.error(cp, "give values, notValues or both");
                    }
                    AuthorizationCustomRules.conditionKey(checks, c.key(), cp + ".key");
                });
            });
        });
    }
}
