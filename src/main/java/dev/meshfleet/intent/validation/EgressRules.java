package dev.meshfleet.intent.validation;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.meshfleet.intent.model.Egress;
import dev.meshfleet.intent.model.EgressGateway;
import dev.meshfleet.intent.model.Protocol;

/**
 * Egress through a gateway: a name (it names the rendered DestinationRule, subset and VirtualService), a namespace, one
 * fully qualified external host, a port and protocol HTTP or TLS, and the gateway. Egress that shares a gateway (same
 * name and namespace) must select the same gateway pods, and the gateway must not also be an ingress gateway of the
 * intent: both render one Gateway resource.
 */
final class EgressRules {
    private final PathChecks checks;
    private final Set<String> ingressGateways;
    /** namespace/name of each egress gateway seen, to the selector of the first egress through it. */
    private final Map<String, Map<String, String>> selectors = new HashMap<>();
    private final Set<String> egressNames = new java.util.HashSet<>();
    /** namespace/host of each egress seen: each renders a VirtualService for its host bound to {@code mesh}. */
    private final Set<String> egressHosts = new java.util.HashSet<>();

    /** @param ingressGateways namespace/name of the intent's ingress gateways */
    EgressRules(PathChecks checks, Set<String> ingressGateways) {
        this.checks = checks;
        this.ingressGateways = ingressGateways;
    }

    void check(Egress e, String p) {
        checks.dnsLabel(e.name(), p + ".name");
        checks.dnsLabel(e.namespace(), p + ".namespace");
        if (e.name() != null && !egressNames.add(e.name())) {
            checks.error(p + ".name", "duplicate egress '" + e.name() + "'");
        }
        if (checks.required(e.host(), p + ".host")) {
            checks.host(e.host(), p + ".host");
            if (e.host().contains("*")) {
                checks.error(p + ".host", "must be one fully qualified host: the gateway sends traffic on to it");
            }
            if (e.namespace() != null && !egressHosts.add(e.namespace() + "/" + e.host())) {
                checks.error(p + ".host", "'" + e.host() + "' already has an egress in namespace " + e.namespace()
                        + ": sidecars use one VirtualService per host, so a second one would be ignored");
            }
        }
        if (checks.required(e.port(), p + ".port")) {
            checks.range(e.port(), 1, 65535, p + ".port");
        }
        if (checks.required(e.protocol(), p + ".protocol") && e.protocol() != Protocol.HTTP && e.protocol() != Protocol.TLS) {
            checks.error(p + ".protocol", "must be HTTP (plain HTTP) or TLS (TLS the application originates, routed by SNI)");
        }
        EgressGateway g = e.gatewayOrDefault();
        String gp = p + ".gateway";
        if (g.name() != null) {
            checks.dnsLabel(g.name(), gp + ".name");
        }
        if (g.namespace() != null) {
            checks.dnsLabel(g.namespace(), gp + ".namespace");
        }
        if (g.selector() != null) {
            if (g.selector().isEmpty()) {
                checks.error(gp + ".selector", "must select the egress gateway pods with at least one label");
            }
            checks.labels(g.selector(), gp + ".selector");
        }
        if (g.service() != null) {
            checks.host(g.service(), gp + ".service");
            if (g.service().contains("*")) {
                checks.error(gp + ".service", "must be the egress gateway's service host, without wildcards");
            }
        }
        checks.range(g.port(), 1, 65535, gp + ".port");
        if (e.namespace() == null) {
            return;
        }
        String key = g.namespaceOr(e.namespace()) + "/" + g.nameOrDefault();
        if (ingressGateways.contains(key)) {
            checks.error(gp + ".name", "gateway " + key + " is also an ingress gateway in spec.gateways; give the egress "
                    + "gateway another name");
        }
        Map<String, String> first = selectors.putIfAbsent(key, g.selectorOrDefault());
        if (first != null && !first.equals(g.selectorOrDefault())) {
            checks.error(gp + ".selector", "egress through gateway " + key + " must select the same pods as the egress "
                    + "before it through that gateway (" + first + ")");
        }
    }
}
