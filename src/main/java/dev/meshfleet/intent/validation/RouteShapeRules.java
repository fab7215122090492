package dev.meshfleet.intent.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.meshfleet.intent.model.DelegateRoute;
import dev.meshfleet.intent.model.Gateway;
import dev.meshfleet.intent.model.GatewayRoute;
import dev.meshfleet.intent.model.MeshSpec;
import dev.meshfleet.intent.model.ResourceNames;
import dev.meshfleet.intent.model.Service;
import dev.meshfleet.intent.model.ServiceOverride;

/**
 * How routes become VirtualServices: the names chosen for a service's resources, the further gateways a gateway route
 * is bound to, and delegate VirtualServices (one level only, as in Istio). A chosen name or a delegate that would give
 * two resources of one kind the same namespace/name is refused with both paths: one would replace the other on apply.
 */
final class RouteShapeRules {
    private final PathChecks checks;
    private final RouteRules routes;

    RouteShapeRules(PathChecks checks, RouteRules routes) {
        this.checks = checks;
        this.routes = routes;
    }

    void names(ResourceNames names, String p) {
        if (names == null) {
            return;
        }
        if (names.virtualService() == null && names.destinationRule() == null) {
            checks.error(p, "give virtualService or destinationRule (or leave names out)");
        }
        if (names.virtualService() != null) {
            checks.dnsLabel(names.virtualService(), p + ".virtualService");
        }
        if (names.destinationRule() != null) {
            checks.dnsLabel(names.destinationRule(), p + ".destinationRule");
        }
    }

    void gatewayRoute(Gateway g, GatewayRoute r, String p) {
        routes.gatewayRefs(r.gateways(), p + ".gateways");
        if (r.gateways() != null && g.name() != null && r.gateways().contains(g.namespaceOrDefault() + "/" + g.name())) {
            checks.error(p + ".gateways", "the route's own gateway '" + g.namespaceOrDefault() + "/" + g.name()
                    + "' is bound already");
        }
    }

    void delegate(DelegateRoute d, String p) {
        checks.dnsLabel(d.name(), p + ".name");
        checks.dnsLabel(d.namespace(), p + ".namespace");
        if (checks.required(d.http(), p + ".http") && d.http().isEmpty()) {
            checks.error(p + ".http", "needs at least one route");
        }
        checks.each(d.http(), p + ".http", (h, hp) -> {
            routes.httpRoute(h, hp, null);
            if (h.delegate() != null) {
                checks.error(hp + ".delegate", "a delegate's routes cannot delegate again (Istio supports one level)");
            }
        });
    }

    /** VirtualService and DestinationRule names that collide because of a chosen name or a delegate. */
    void uniqueNames(MeshSpec spec) {
        Map<String, String> virtualServices = new HashMap<>();
        Map<String, String> destinationRules = new HashMap<>();
        List<Service> services = spec.services() == null ? List.of() : spec.services();
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            if (s == null || s.name() == null) {
                continue;
            }
            String p = "$.spec.services[" + i + "]";
            ResourceNames n = s.names();
            boolean namedVs = n != null && n.virtualService() != null;
            boolean namedDr = n != null && n.destinationRule() != null;
            if (rendersVirtualService(spec, s)) {
                claim(virtualServices, "VirtualService", s.namespace(), namedVs ? n.virtualService() : s.name(),
                        namedVs ? p + ".names.virtualService" : p + ".name", namedVs);
            }
            if (rendersDestinationRule(spec, s)) {
                claim(destinationRules, "DestinationRule", s.namespace(), namedDr ? n.destinationRule() : s.name(),
                        namedDr ? p + ".names.destinationRule" : p + ".name", namedDr);
            }
        }
        List<Gateway> gateways = spec.gateways() == null ? List.of() : spec.gateways();
        for (int g = 0; g < gateways.size(); g++) {
            List<GatewayRoute> gr = gateways.get(g) == null || gateways.get(g).routes() == null ? List.of()
                    : gateways.get(g).routes();
            for (int r = 0; r < gr.size(); r++) {
                if (gr.get(r) != null) {
                    claim(virtualServices, "VirtualService", gr.get(r).namespace(), gr.get(r).name(),
                            "$.spec.gateways[" + g + "].routes[" + r + "].name", false);
                }
            }
        }
        List<DelegateRoute> delegates = spec.delegates() == null ? List.of() : spec.delegates();
        for (int i = 0; i < delegates.size(); i++) {
            if (delegates.get(i) != null) {
                claim(virtualServices, "VirtualService", delegates.get(i).namespace(), delegates.get(i).name(),
                        "$.spec.delegates[" + i + "].name", true);
            }
        }
    }

    /** Whether the service gets a VirtualService on some cluster: it has routes, or an override gives it some. */
    private static boolean rendersVirtualService(MeshSpec spec, Service s) {
        return notEmpty(s.http()) || notEmpty(s.tcp()) || notEmpty(s.tls()) || overrides(spec, s)
                .anyMatch(o -> notEmpty(o.http()) || notEmpty(o.tcp()) || notEmpty(o.tls()));
    }

    /** Whether the service gets a DestinationRule on some cluster: versions or a traffic policy (maybe overridden). */
    private static boolean rendersDestinationRule(MeshSpec spec, Service s) {
        return notEmpty(s.versions()) || s.trafficPolicy() != null
                || overrides(spec, s).anyMatch(o -> o.trafficPolicy() != null);
    }

    private static java.util.stream.Stream<ServiceOverride> overrides(MeshSpec spec, Service s) {
        return spec.overrides() == null ? java.util.stream.Stream.empty() : spec.overrides().stream()
                .filter(o -> o != null && o.services() != null).flatMap(o -> o.services().stream())
                .filter(so -> so != null && s.name().equals(so.name()));
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    /** Collisions between resources as they were named before names and delegates existed are not judged here. */
    private final Map<String, Boolean> chosen = new HashMap<>();

    private void claim(Map<String, String> taken, String kind, String namespace, String name, String path,
            boolean chosenHere) {
        if (namespace == null || name == null) {
            return;
        }
        String key = namespace + "/" + name;
        String first = taken.putIfAbsent(key, path);
        String chosenKey = kind + "/" + key;
        if (first == null) {
            chosen.put(chosenKey, chosenHere);
        } else if (chosenHere || chosen.getOrDefault(chosenKey, false)) {
            checks.error(path, kind + " " + key + " is rendered already for " + first
                    + ": one would replace the other on apply");
        }
    }
}
