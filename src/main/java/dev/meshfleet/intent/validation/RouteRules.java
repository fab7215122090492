package dev.meshfleet.intent.validation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.meshfleet.intent.model.Destination;
import dev.meshfleet.intent.model.HttpRoute;
import dev.meshfleet.intent.model.Mirror;
import dev.meshfleet.intent.model.Redirect;
import dev.meshfleet.intent.model.Service;
import dev.meshfleet.intent.model.StringMatch;
import dev.meshfleet.intent.model.TlsRoute;

/**
 * Routes (of a service, a gateway, an override or a delegate): HTTP matches, redirects, retries, faults and mirrors, TLS
 * matches, and destinations whose weights add up and whose services and versions exist in the mesh; header changes,
 * CORS, direct responses and delegates are {@link HttpRouteOptionRules}.
 */
final class RouteRules {
    private final PathChecks checks;
    private final Map<String, Service> servicesByName;
    private final HttpRouteOptionRules options;

    /** @param servicesByName the mesh's services by name, to resolve references against */
    RouteRules(PathChecks checks, Map<String, Service> servicesByName) {
        this.checks = checks;
        this.servicesByName = servicesByName;
        this.options = new HttpRouteOptionRules(checks, this);
    }

    /** Gateway references ({@code mesh} or namespace/name), as routes and matches bind them. */
    void gatewayRefs(List<String> gateways, String path) {
        options.gatewayRefs(gateways, path);
    }

    void httpRoute(HttpRoute r, String p, String ownService) {
        checks.each(r.match(), p + ".match", (m, mp) -> {
            stringMatch(m.uri(), mp + ".uri");
            stringMatch(m.method(), mp + ".method");
            stringMatch(m.authority(), mp + ".authority");
            stringMatch(m.scheme(), mp + ".scheme");
            stringMatches(m.headers(), mp + ".headers", true);
            stringMatches(m.cookies(), mp + ".cookies", false);
            if (m.cookies() != null && m.cookies().size() > 1) {
                checks.error(mp + ".cookies", "match at most one cookie per match (Istio matches cookies through the Cookie header)");
            }
            if (m.cookies() != null && !m.cookies().isEmpty() && m.headers() != null
                    && m.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("cookie"))) {
                checks.error(mp + ".cookies", "cannot be combined with a match on the cookie header");
            }
            stringMatches(m.queryParams(), mp + ".queryParams", false);
            stringMatches(m.withoutHeaders(), mp + ".withoutHeaders", true);
            checks.range(m.port(), 1, 65535, mp + ".port");
            checks.labels(m.sourceLabels(), mp + ".sourceLabels");
            if (m.sourceNamespace() != null) {
                checks.dnsLabel(m.sourceNamespace(), mp + ".sourceNamespace");
            }
            options.gatewayRefs(m.gateways(), mp + ".gateways");
        });
        if (r.redirect() != null) {
            if (r.route() != null) {
                checks.error(p + ".redirect", "a route either redirects or forwards ('route'), not both");
            }
            Redirect rd = r.redirect();
            if (rd.redirectCode() != null && !Set.of(301, 302, 303, 307, 308).contains(rd.redirectCode())) {
                checks.error(p + ".redirect.redirectCode", "must be one of 301, 302, 303, 307, 308");
            }
            if (rd.uri() == null && rd.authority() == null && rd.scheme() == null) {
                checks.error(p + ".redirect", "give at least one of uri, authority, scheme");
            }
        } else if (r.directResponse() == null && r.delegate() == null) {
            destinations(r.route(), p + ".route", ownService, true);
        } else if (r.route() != null) {
            destinations(r.route(), p + ".route", ownService, true);
        }
        options.action(r, p);
        options.check(r, p);
        checks.duration(r.timeout(), p + ".timeout");
        if (r.retries() != null) {
            checks.range(r.retries().attempts(), 0, 100, p + ".retries.attempts");
            checks.duration(r.retries().perTryTimeout(), p + ".retries.perTryTimeout");
            if (r.retries().retryOn() != null && !r.retries().retryOn().matches("[a-z0-9-]+(,[a-z0-9-]+)*")) {
                checks.error(p + ".retries.retryOn", "must be a comma-separated list such as 5xx,reset,connect-failure");
            }
        }
        if (r.fault() != null) {
            if (r.fault().delay() == null && r.fault().abort() == null) {
                checks.error(p + ".fault", "give a delay, an abort or both");
            }
            if (r.fault().delay() != null) {
                if (checks.required(r.fault().delay().fixedDelay(), p + ".fault.delay.fixedDelay")) {
                    checks.duration(r.fault().delay().fixedDelay(), p + ".fault.delay.fixedDelay");
                }
                checks.range(r.fault().delay().percentage(), 0, 100, p + ".fault.delay.percentage");
            }
            if (r.fault().abort() != null) {
                if (checks.required(r.fault().abort().httpStatus(), p + ".fault.abort.httpStatus")) {
                    checks.range(r.fault().abort().httpStatus(), 200, 599, p + ".fault.abort.httpStatus");
                }
                checks.range(r.fault().abort().percentage(), 0, 100, p + ".fault.abort.percentage");
            }
        }
        if (r.mirror() != null) {
            Mirror m = r.mirror();
            reference(m.service() == null ? ownService : m.service(), m.version(), p + ".mirror", m.service() != null);
            checks.range(m.port(), 1, 65535, p + ".mirror.port");
            checks.range(m.percentage(), 0, 100, p + ".mirror.percentage");
        }
    }

    void tlsRoute(TlsRoute r, String p, String ownService) {
        checks.each(r.match(), p + ".match", (m, mp) -> {
            if (checks.required(m.sniHosts(), mp + ".sniHosts") && m.sniHosts().isEmpty()) {
                checks.error(mp + ".sniHosts", "must name at least one host");
            }
            if (m.sniHosts() != null) {
                for (int i = 0; i < m.sniHosts().size(); i++) {
                    checks.host(m.sniHosts().get(i), mp + ".sniHosts[" + i + "]");
                }
            }
            checks.range(m.port(), 1, 65535, mp + ".port");
        });
        if (r.match() == null || r.match().isEmpty()) {
            checks.error(p + ".match", "a TLS route needs at least one match with sniHosts");
        }
        destinations(r.route(), p + ".route", ownService);
    }

    private void stringMatches(Map<String, StringMatch> matches, String p, boolean headerNames) {
        if (matches == null) {
            return;
        }
        matches.forEach((name, m) -> {
            if (headerNames && !PathChecks.HEADER_NAME.matcher(name).matches()) {
                checks.error(p + "." + name, "is not a valid header name");
            }
            if (m == null) {
                checks.error(p + "." + name, "must be a match (exact, prefix or regex)");
            } else {
                stringMatch(m, p + "." + name);
            }
        });
    }

    void stringMatch(StringMatch m, String p) {
        if (m == null) {
            return;
        }
        int set = (m.exact() != null ? 1 : 0) + (m.prefix() != null ? 1 : 0) + (m.regex() != null ? 1 : 0);
        if (set != 1) {
            checks.error(p, "give exactly one of exact, prefix, regex");
        }
        if (m.regex() != null) {
            try {
                Pattern.compile(m.regex());
            } catch (RuntimeException e) {
                checks.error(p + ".regex", "is not a valid regular expression");
            }
        }
    }

    /** Destinations of a TCP or TLS route, which cannot change headers. */
    void destinations(List<Destination> route, String p, String ownService) {
        destinations(route, p, ownService, false);
    }

    /** Destinations: weights 0..100 that add up to 100 when there are several; references must resolve. */
    private void destinations(List<Destination> route, String p, String ownService, boolean http) {
        if (route == null || route.isEmpty()) {
            checks.error(p, "needs at least one destination");
            return;
        }
        int sum = 0;
        boolean allWeighted = true;
        for (int i = 0; i < route.size(); i++) {
            Destination d = route.get(i);
            String dp = p + "[" + i + "]";
            if (d == null) {
                checks.error(dp, "must not be null");
                continue;
            }
            if (ownService == null && d.service() == null) {
                checks.error(dp + ".service", "is required in gateway routes");
            }
            String target = d.service() != null ? d.service() : ownService;
            if (target != null) {
                reference(target, d.version(), dp, d.service() != null);
            }
            checks.range(d.port(), 1, 65535, dp + ".port");
            if (!http && d.headers() != null) {
                checks.error(dp + ".headers", "header changes apply to HTTP routes only");
            }
            if (d.weight() == null) {
                allWeighted = false;
            } else {
                checks.range(d.weight(), 0, 100, dp + ".weight");
                sum += d.weight();
            }
        }
        if (route.size() > 1 && !allWeighted) {
            checks.error(p, "with several destinations every destination needs a weight");
        } else if (route.size() > 1 && sum != 100) {
            checks.error(p, "weights must add up to 100 (they add up to " + sum + ")");
        } else if (route.size() == 1 && route.get(0) != null && route.get(0).weight() != null
                && route.get(0).weight() != 100) {
            checks.error(p + "[0].weight", "a single destination takes all traffic: leave the weight out or make it 100");
        }
    }

    private void reference(String service, String version, String p, boolean explicitService) {
        Service target = servicesByName.get(service);
        if (target == null) {
            checks.error(explicitService ? p + ".service" : p, "no service '" + service + "' in this mesh");
            return;
        }
        if (version != null && (target.versions() == null
                || target.versions().stream().noneMatch(v -> v != null && version.equals(v.name())))) {
            checks.error(p + ".version", "service '" + service + "' has no version '" + version + "'");
        }
    }
}
