package dev.meshfleet.intent.validation;

import java.util.HashSet;
import java.util.Set;

import dev.meshfleet.intent.model.Gateway;

/** An ingress gateway: its pod selector, its servers (port, hosts, TLS that fits the protocol) and its routes. */
final class GatewayRules {
    private final PathChecks checks;
    private final RouteRules routes;
    private final ServerTlsRules serverTls;

    GatewayRules(PathChecks checks, RouteRules routes) {
        this.checks = checks;
        this.routes = routes;
        this.serverTls = new ServerTlsRules(checks);
    }

    void check(Gateway g, String p) {
        checks.dnsLabel(g.name(), p + ".name");
        if (g.namespace() != null) {
            checks.dnsLabel(g.namespace(), p + ".namespace");
        }
        if (checks.required(g.selector(), p + ".selector") && g.selector().isEmpty()) {
            checks.error(p + ".selector", "must select the gateway pods with at least one label");
        }
        checks.labels(g.selector(), p + ".selector");
        if (checks.required(g.servers(), p + ".servers") && g.servers().isEmpty()) {
            checks.error(p + ".servers", "needs at least one server");
        }
        checks.each(g.servers(), p + ".servers", (s, sp) -> {
            if (checks.required(s.port(), sp + ".port")) {
                if (checks.required(s.port().number(), sp + ".port.number")) {
                    checks.range(s.port().number(), 1, 65535, sp + ".port.number");
                }
                checks.required(s.port().protocol(), sp + ".port.protocol");
                if (s.port().name() != null && !PathChecks.PORT_NAME.matcher(s.port().name()).matches()) {
                    checks.error(sp + ".port.name", "must be lower-case letters, digits, '-' and '.'");
                }
            }
            if (checks.required(s.hosts(), sp + ".hosts") && s.hosts().isEmpty()) {
                checks.error(sp + ".hosts", "needs at least one host");
            }
            if (s.hosts() != null) {
                for (int i = 0; i < s.hosts().size(); i++) {
                    String h = s.hosts().get(i);
                    String host = h != null && h.contains("/") ? h.substring(h.indexOf('/') + 1) : h;
                    checks.host(host, sp + ".hosts[" + i + "]");
                }
            }
            serverTls.check(s, sp);
        });
        Set<String> routeNames = new HashSet<>();
        checks.each(g.routes(), p + ".routes", (r, rp) -> {
            checks.dnsLabel(r.name(), rp + ".name");
            if (r.name() != null && !routeNames.add(r.name())) {
                checks.error(rp + ".name", "duplicate route '" + r.name() + "'");
            }
            checks.dnsLabel(r.namespace(), rp + ".namespace");
            if (checks.required(r.hosts(), rp + ".hosts") && r.hosts().isEmpty()) {
                checks.error(rp + ".hosts", "needs at least one host");
            }
            if (r.hosts() != null) {
                for (int i = 0; i < r.hosts().size(); i++) {
                    checks.host(r.hosts().get(i), rp + ".hosts[" + i + "]");
                }
            }
            if (r.http() == null && r.tcp() == null && r.tls() == null) {
                checks.error(rp, "give http, tcp or tls routes");
            }
            checks.each(r.http(), rp + ".http", (h, hp) -> routes.httpRoute(h, hp, null));
            checks.each(r.tcp(), rp + ".tcp", (t, tp) -> routes.destinations(t.route(), tp + ".route", null));
            checks.each(r.tls(), rp + ".tls", (t, tp) -> routes.tlsRoute(t, tp, null));
        });
    }
}
