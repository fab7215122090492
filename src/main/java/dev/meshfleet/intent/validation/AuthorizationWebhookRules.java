package dev.meshfleet.intent.validation;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.meshfleet.intent.model.AuthorizationAction;
import dev.meshfleet.intent.model.AuthorizationCondition;
import dev.meshfleet.intent.model.AuthorizationOperation;
import dev.meshfleet.intent.model.AuthorizationPolicy;
import dev.meshfleet.intent.model.AuthorizationRule;
import dev.meshfleet.intent.model.AuthorizationSource;

/**
 * What Istio's validation webhook refuses in an AuthorizationPolicy (istio/istio pkg/config/validation
 * ValidateAuthorizationPolicy and pkg/config/security ValidateAttribute), mirrored so that nothing validate passes is
 * refused by a cluster: CUSTOM or DENY without rules, identity fields and identity conditions with CUSTOM, empty
 * from/to entries and values, and 'when' keys Istio does not know (or whose values are not IPs or ports).
 */
final class AuthorizationWebhookRules {
    private static final Set<String> PLAIN_KEYS = Set.of("source.ip", "remote.ip", "source.namespace",
            "source.serviceAccount", "source.principal", "request.auth.principal", "request.auth.audiences",
            "request.auth.presenter", "destination.ip", "destination.port", "connection.sni");
    private static final List<String> MAP_KEY_PREFIXES = List.of("request.headers",
            "request.experimental.inline.headers", "experimental.envoy.filters.");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private AuthorizationWebhookRules() {
    }

    static void check(PathChecks checks, AuthorizationPolicy pol, String pp) {
        AuthorizationAction action = pol.action();
        if ((action == AuthorizationAction.CUSTOM || action == AuthorizationAction.DENY) && pol.rules() == null) {
            checks.error(pp + ".rules", action + " without rules is never triggered; give an empty rule {} to apply it to every request");
        }
        checks.each(pol.rules(), pp + ".rules", (rule, rp) -> rule(checks, rule, rp, action == AuthorizationAction.CUSTOM));
    }

    private static void rule(PathChecks checks, AuthorizationRule rule, String rp, boolean custom) {
        if (rule.from() != null && rule.from().isEmpty()) {
            checks.error(rp + ".from", "must not be empty (leave it out to match any source)");
        }
        checks.each(rule.from(), rp + ".from", (src, fp) -> source(checks, src, fp, custom));
        if (rule.to() != null && rule.to().isEmpty()) {
            checks.error(rp + ".to", "must not be empty (leave it out to match any operation)");
        }
        checks.each(rule.to(), rp + ".to", (op, tp) -> operation(checks, op, tp));
        checks.each(rule.when(), rp + ".when", (c, cp) -> condition(checks, c, cp, custom));
    }

    private static void source(PathChecks checks, AuthorizationSource s, String fp, boolean custom) {
        boolean any = present(s.principals()) || present(s.notPrincipals()) || present(s.requestPrincipals())
                || present(s.notRequestPrincipals()) || present(s.namespaces()) || present(s.notNamespaces())
                || present(s.ipBlocks()) || present(s.notIpBlocks()) || present(s.remoteIpBlocks())
                || present(s.notRemoteIpBlocks());
        if (!any) {
            checks.error(fp, "must name at least one source field");
        }
        if (custom) {
            unsupportedWithCustom(checks, s.principals(), fp + ".principals");
            unsupportedWithCustom(checks, s.notPrincipals(), fp + ".notPrincipals");
            unsupportedWithCustom(checks, s.requestPrincipals(), fp + ".requestPrincipals");
            unsupportedWithCustom(checks, s.notRequestPrincipals(), fp + ".notRequestPrincipals");
            unsupportedWithCustom(checks, s.namespaces(), fp + ".namespaces");
            unsupportedWithCustom(checks, s.notNamespaces(), fp + ".notNamespaces");
        }
        checks.nonEmptyItems(s.notPrincipals(), fp + ".notPrincipals");
        checks.nonEmptyItems(s.namespaces(), fp + ".namespaces");
        checks.nonEmptyItems(s.notNamespaces(), fp + ".notNamespaces");
    }

    private static void operation(PathChecks checks, AuthorizationOperation o, String tp) {
        boolean any = present(o.hosts()) || present(o.notHosts()) || present(o.ports()) || present(o.notPorts())
                || present(o.methods()) || present(o.notMethods()) || present(o.paths()) || present(o.notPaths());
        if (!any) {
            checks.error(tp, "must name at least one operation field");
        }
        checks.nonEmptyItems(o.hosts(), tp + ".hosts");
        checks.nonEmptyItems(o.notHosts(), tp + ".notHosts");
        checks.nonEmptyItems(o.methods(), tp + ".methods");
        checks.nonEmptyItems(o.notMethods(), tp + ".notMethods");
        checks.nonEmptyItems(o.paths(), tp + ".paths");
        checks.nonEmptyItems(o.notPaths(), tp + ".notPaths");
        ports(checks, o.notPorts(), tp + ".notPorts");
    }

    private static void condition(PathChecks checks, AuthorizationCondition c, String cp, boolean custom) {
        String key = c.key();
        if (key == null) {
            return;
        }
        if (custom && (key.equals("source.namespace") || key.equals("source.serviceAccount")
                || key.equals("source.principal") || key.startsWith("request.auth."))) {
            checks.error(cp + ".key", "'" + key + "' is not supported with action CUSTOM (Istio refuses it)");
        }
        if (key.startsWith("request.auth.claims")) {
            // checked with its own message by AuthorizationCustomRules.conditionKey
        } else if (MAP_KEY_PREFIXES.stream().anyMatch(key::startsWith)) {
            int open = key.indexOf('[');
            if (!(key.endsWith("]") && open > 0 && open < key.length() - 2)) {
                checks.error(cp + ".key", "must have the form NAME[KEY], e.g. request.headers[x-tenant]");
            }
        } else if (!PLAIN_KEYS.contains(key)) {
            checks.error(cp + ".key", "is not an attribute Istio knows (see istio.io/latest/docs/reference/config/security/conditions/)");
        }
        for (String field : List.of("values", "notValues")) {
            List<String> values = field.equals("values") ? c.values() : c.notValues();
            checks.nonEmptyItems(values, cp + "." + field);
            if (key.equals("destination.port")) {
                ports(checks, values, cp + "." + field);
            }
            if (values != null && (key.equals("source.ip") || key.equals("remote.ip") || key.equals("destination.ip"))) {
                AuthorizationCustomRules.ipBlocks(checks, values, cp + "." + field);
            }
        }
    }

    private static void unsupportedWithCustom(PathChecks checks, List<String> values, String path) {
        if (present(values)) {
            checks.error(path, "is not supported with action CUSTOM (Istio refuses it)");
        }
    }

    private static boolean present(List<String> values) {
        return values != null && !values.isEmpty();
    }

    private static void ports(PathChecks checks, List<String> ports, String path) {
        if (ports == null) {
            return;
        }
        for (int i = 0; i < ports.size(); i++) {
            String port = ports.get(i);
            if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
                checks.error(path + "[" + i + "]", "must be a port number between 0 and 65535 (as a string)");
            }
        }
    }
}
