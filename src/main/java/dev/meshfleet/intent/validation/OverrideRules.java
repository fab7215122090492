package dev.meshfleet.intent.validation;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.meshfleet.common.error.Checks;
import dev.meshfleet.intent.model.ClusterOverride;
import dev.meshfleet.intent.model.Service;

/**
 * A cluster override: its name, its cluster selector (a placement), and per service of the mesh the routes or traffic
 * policy it replaces, checked as the service's own would be.
 */
final class OverrideRules {
    private final PathChecks checks;
    private final Map<String, Service> servicesByName;
    private final TrafficPolicyRules policies;
    private final RouteRules routes;

    OverrideRules(PathChecks checks, Map<String, Service> servicesByName, TrafficPolicyRules policies, RouteRules routes) {
        this.checks = checks;
        this.servicesByName = servicesByName;
        this.policies = policies;
        this.routes = routes;
    }

    void check(ClusterOverride o, String p) {
        checks.dnsLabel(o.name(), p + ".name");
        if (checks.required(o.clusters(), p + ".clusters")) {
            Checks placementChecks = new Checks();
            o.clusters().check(p + ".clusters", placementChecks);
            checks.addAll(placementChecks.errors());
        }
        if (checks.required(o.services(), p + ".services") && o.services().isEmpty()) {
            checks.error(p + ".services", "name at least one service to override");
        }
        Set<String> names = new HashSet<>();
        checks.each(o.services(), p + ".services", (so, sp) -> {
            if (!checks.required(so.name(), sp + ".name")) {
                return;
            }
            if (!names.add(so.name())) {
                checks.error(sp + ".name", "service '" + so.name() + "' is already overridden in this override");
            }
            if (!servicesByName.containsKey(so.name())) {
                checks.error(sp + ".name", "no service '" + so.name() + "' in this mesh");
                return;
            }
            if (so.http() == null && so.tcp() == null && so.tls() == null && so.trafficPolicy() == null) {
                checks.error(sp, "override at least one of http, tcp, tls, trafficPolicy");
            }
            checks.each(so.http(), sp + ".http", (r, rp) -> routes.httpRoute(r, rp, so.name()));
            checks.each(so.tcp(), sp + ".tcp", (r, rp) -> routes.destinations(r.route(), rp + ".route", so.name()));
            checks.each(so.tls(), sp + ".tls", (r, rp) -> routes.tlsRoute(r, rp, so.name()));
            policies.trafficPolicy(so.trafficPolicy(), sp + ".trafficPolicy");
        });
    }
}
