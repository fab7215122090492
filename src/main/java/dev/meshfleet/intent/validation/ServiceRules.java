package dev.meshfleet.intent.validation;

import java.util.HashSet;
import java.util.Set;

import dev.meshfleet.intent.model.Service;

/** A service: its name, namespace and host, its ports, its versions (subsets), its traffic policy and its routes. */
final class ServiceRules {
    private final PathChecks checks;
    private final TrafficPolicyRules policies;
    private final RouteRules routes;
    private final ServiceHostRules hosts;

    ServiceRules(PathChecks checks, TrafficPolicyRules policies, RouteRules routes) {
        this.checks = checks;
        this.policies = policies;
        this.routes = routes;
        this.hosts = new ServiceHostRules(checks);
    }

    void check(Service s, String p) {
        checks.dnsLabel(s.name(), p + ".name");
        checks.dnsLabel(s.namespace(), p + ".namespace");
        checks.host(s.host(), p + ".host");
        hosts.check(s, p);
        Set<Integer> portNumbers = new HashSet<>();
        checks.each(s.ports(), p + ".ports", (port, pp) -> {
            if (checks.required(port.number(), pp + ".number")) {
                checks.range(port.number(), 1, 65535, pp + ".number");
                if (!portNumbers.add(port.number())) {
                    checks.error(pp + ".number", "duplicate port " + port.number());
                }
            }
            if (port.name() != null && !PathChecks.PORT_NAME.matcher(port.name()).matches()) {
                checks.error(pp + ".name", "must be lower-case letters, digits, '-' and '.'");
            }
        });
        Set<String> versionNames = new HashSet<>();
        checks.each(s.versions(), p + ".versions", (v, vp) -> {
            checks.dnsLabel(v.name(), vp + ".name");
            if (v.name() != null && !versionNames.add(v.name())) {
                checks.error(vp + ".name", "duplicate version '" + v.name() + "'");
            }
            if (checks.required(v.labels(), vp + ".labels") && v.labels().isEmpty()) {
                checks.error(vp + ".labels", "must select pods with at least one label");
            }
            checks.labels(v.labels(), vp + ".labels");
            policies.trafficPolicy(v.trafficPolicy(), vp + ".trafficPolicy");
        });
        policies.trafficPolicy(s.trafficPolicy(), p + ".trafficPolicy");
        checks.each(s.http(), p + ".http", (r, rp) -> routes.httpRoute(r, rp, s.name()));
        checks.each(s.tcp(), p + ".tcp", (r, rp) -> {
            checks.each(r.match(), rp + ".match", (m, mp) -> checks.range(m.port(), 1, 65535, mp + ".port"));
            routes.destinations(r.route(), rp + ".route", s.name());
        });
        checks.each(s.tls(), p + ".tls", (r, rp) -> routes.tlsRoute(r, rp, s.name()));
    }
}
