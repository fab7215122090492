package dev.meshfleet.intent.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.meshfleet.intent.model.ClusterOverride;
import dev.meshfleet.intent.model.DelegateRoute;
import dev.meshfleet.intent.model.Gateway;
import dev.meshfleet.intent.model.GatewayRoute;
import dev.meshfleet.intent.model.HttpMatch;
import dev.meshfleet.intent.model.HttpRoute;
import dev.meshfleet.intent.model.MeshSpec;
import dev.meshfleet.intent.model.RawResource;
import dev.meshfleet.intent.model.Service;
import dev.meshfleet.intent.model.ServiceOverride;
import dev.meshfleet.intent.model.StringMatch;

/**
 * Checks on how routes are bound and delegated. Pure. Codes:
 * <ul>
 * <li>MF111 match-gateway-unbound (warning): a match names a gateway the VirtualService is not bound to, so Istio
 * never applies the match there (a service's routes are bound to {@code mesh} only).</li>
 * <li>MF112 delegate-unused (warning): no route delegates to this delegate VirtualService, so Istio ignores it.</li>
 * <li>MF113 delegate-match-conflict (warning): a delegate's match on the URI is not within the root route's (or either
 * uses a regex), which Istio treats as a conflict: the delegate's route does not take effect.</li>
 * <li>MF211 delegate-missing (error): a route delegates to a VirtualService that is neither a delegate of this mesh nor
 * one of its raw resources; Istio drops the route.</li>
 * </ul>
 */
final class RouteShapes {
    private final MeshSpec spec;
    private final List<Finding> findings = new ArrayList<>();
    private final Set<String> delegated = new HashSet<>();

    private RouteShapes(MeshSpec spec) {
        this.spec = spec;
    }

    static List<Finding> analyze(MeshSpec spec) {
        RouteShapes shapes = new RouteShapes(spec);
        shapes.run();
        return shapes.findings;
    }

    private void run() {
        List<Service> services = spec.services() == null ? List.of() : spec.services();
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            routes(s.http(), "$.spec.services[" + i + "].http", s.namespace(), Set.of("mesh"));
        }
        List<Gateway> gateways = spec.gateways() == null ? List.of() : spec.gateways();
        for (int g = 0; g < gateways.size(); g++) {
            Gateway gateway = gateways.get(g);
            List<GatewayRoute> routes = gateway.routes() == null ? List.of() : gateway.routes();
            for (int r = 0; r < routes.size(); r++) {
                GatewayRoute route = routes.get(r);
                Set<String> bound = new HashSet<>();
                bound.add(gateway.namespaceOrDefault() + "/" + gateway.name());
                if (route.gateways() != null) {
                    bound.addAll(route.gateways());
                }
                routes(route.http(), "$.spec.gateways[" + g + "].routes[" + r + "].http", route.namespace(), bound);
            }
        }
        List<ClusterOverride> overrides = spec.overrides() == null ? List.of() : spec.overrides();
        for (int o = 0; o < overrides.size(); o++) {
            List<ServiceOverride> sos = overrides.get(o).services() == null ? List.of() : overrides.get(o).services();
            for (int i = 0; i < sos.size(); i++) {
                String name = sos.get(i).name();
                Service s = services.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                if (s != null) {
                    routes(sos.get(i).http(), "$.spec.overrides[" + o + "].services[" + i + "].http", s.namespace(),
                            Set.of("mesh"));
                }
            }
        }
        List<DelegateRoute> delegates = spec.delegates() == null ? List.of() : spec.delegates();
        for (int i = 0; i < delegates.size(); i++) {
            DelegateRoute d = delegates.get(i);
            if (!delegated.contains(d.namespace() + "/" + d.name())) {
                findings.add(Finding.warning("MF112", "$.spec.delegates[" + i + "]", "no route delegates to "
                        + d.namespace() + "/" + d.name() + ", so Istio ignores it"));
            }
        }
    }

    private void routes(List<HttpRoute> routes, String path, String namespace, Set<String> bound) {
        if (routes == null) {
            return;
        }
        for (int i = 0; i < routes.size(); i++) {
            HttpRoute r = routes.get(i);
            String p = path + "[" + i + "]";
            if (r.match() != null) {
                for (int m = 0; m < r.match().size(); m++) {
                    matchGateways(r.match().get(m), p + ".match[" + m + "].gateways", bound);
                }
            }
            if (r.delegate() != null) {
                String key = (r.delegate().namespace() != null ? r.delegate().namespace() : namespace) + "/"
                        + r.delegate().name();
                delegated.add(key);
                if (!delegateExists(key)) {
                    findings.add(Finding.error("MF211", p + ".delegate", "no delegate VirtualService " + key
                            + " in spec.delegates or spec.resources: Istio would drop this route"));
                }
                delegateMatches(r, key);
            }
        }
    }

    /** Each URI match of the delegate's routes must lie within one of the root route's URI matches (MF113). */
    private void delegateMatches(HttpRoute root, String key) {
        List<DelegateRoute> delegates = spec.delegates() == null ? List.of() : spec.delegates();
        for (int i = 0; i < delegates.size(); i++) {
            DelegateRoute d = delegates.get(i);
            if (!key.equals(d.namespace() + "/" + d.name()) || d.http() == null) {
                continue;
            }
            for (int r = 0; r < d.http().size(); r++) {
                List<HttpMatch> matches = d.http().get(r).match();
                for (int m = 0; matches != null && m < matches.size(); m++) {
                    StringMatch uri = matches.get(m).uri();
                    if (uri != null && !withinRoot(root, uri)) {
                        findings.add(Finding.warning("MF113", "$.spec.delegates[" + i + "].http[" + r + "].match[" + m
                                + "].uri", "not within the URI matches of the route delegating to " + key
                                + " (or a regex): Istio sees a conflict and this route does not take effect"));
                    }
                }
            }
        }
    }

    private static boolean withinRoot(HttpRoute root, StringMatch child) {
        if (child.regex() != null) {
            return false;
        }
        if (root.match() == null || root.match().isEmpty()) {
            return true;
        }
        String value = child.exact() != null ? child.exact() : child.prefix();
        for (HttpMatch m : root.match()) {
            StringMatch uri = m.uri();
            if (uri == null || uri.prefix() != null && value.startsWith(uri.prefix())
                    || uri.exact() != null && child.exact() != null && uri.exact().equals(child.exact())) {
                return true;
            }
        }
        return false;
    }

    private void matchGateways(HttpMatch m, String p, Set<String> bound) {
        if (m.gateways() == null) {
            return;
        }
        for (int i = 0; i < m.gateways().size(); i++) {
            String gateway = m.gateways().get(i);
            if (!bound.contains(gateway)) {
                findings.add(Finding.warning("MF111", p + "[" + i + "]", "the route is not bound to '" + gateway
                        + "' (bound: " + String.join(", ", new java.util.TreeSet<>(bound))
                        + "), so this match never applies there"));
            }
        }
    }

    private boolean delegateExists(String key) {
        if (spec.delegates() != null
                && spec.delegates().stream().anyMatch(d -> key.equals(d.namespace() + "/" + d.name()))) {
            return true;
        }
        List<RawResource> raw = spec.resources() == null ? List.of() : spec.resources();
        return raw.stream().anyMatch(r -> "VirtualService".equals(r.kind()) && r.metadata() != null
                && key.equals(r.metadata().namespace() + "/" + r.metadata().name()));
    }
}
