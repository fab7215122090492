package dev.meshfleet.intent.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.meshfleet.intent.model.AuthorizationPolicy;
import dev.meshfleet.intent.model.ClusterOverride;
import dev.meshfleet.intent.model.Gateway;
import dev.meshfleet.intent.model.GatewayRoute;
import dev.meshfleet.intent.model.MeshSpec;
import dev.meshfleet.intent.model.RawResource;
import dev.meshfleet.intent.model.Service;
import dev.meshfleet.intent.model.ServiceOverride;

/**
 * MF206 resource-name-conflict (error): two parts of the intent that render resources of one kind with the same
 * namespace and name, e.g. a service's routes and a gateway route both named {@code default/helloworld}. Both would be
 * rendered and applied to the same cluster, and the second apply would replace the first: the finding names both intent
 * paths. The names are the renderer's (kept in step by {@code ResourceNamesTest}, which compares them with rendered
 * output): a service's VirtualService and DestinationRule take the service's name, a gateway route's VirtualService the
 * route's (a service's DestinationRule only when it has versions or a traffic policy), PeerAuthentications "default" (mesh-wide in istio-system, per namespace) or the workload policy's name,
 * deny-all namespaces an AuthorizationPolicy "deny-all", and raw resources their own. Overrides never rename, but may
 * give a service routes where it has none: a service whose routes exist in any cluster counts. Pure.
 */
final class NameCollisions {
    /** Where Istio reads mesh-wide policy: the PeerAuthentication the mesh-wide mode renders to lives here. */
    private static final String ROOT_NAMESPACE = "istio-system";

    private final Map<String, String> claimed = new HashMap<>();
    private final List<Finding> findings;

    private NameCollisions(List<Finding> findings) {
        this.findings = findings;
    }

    static void check(MeshSpec spec, List<Finding> findings) {
        NameCollisions names = new NameCollisions(findings);
        names.services(spec);
        names.gateways(spec.gateways());
        names.mtls(spec);
        names.authorization(spec);
        names.raw(spec.resources());
    }

    private void services(MeshSpec spec) {
        List<Service> services = nonNull(spec.services());
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            String path = "$.spec.services[" + i + "]";
            // the names the renderer gives them: chosen ones where the service names them, else the service's own
            if (routes(s.http(), s.tcp(), s.tls()) || routedByAnOverride(spec, s.name())) {
                String name = s.names() != null && s.names().virtualService() != null ? s.names().virtualService() : s.name();
                claim("networking.istio.io/VirtualService", s.namespace(), name, path);
            }
            if (!nonNull(s.versions()).isEmpty() || s.trafficPolicy() != null || policedByAnOverride(spec, s.name())) {
                String name = s.names() != null && s.names().destinationRule() != null ? s.names().destinationRule() : s.name();
                claim("networking.istio.io/DestinationRule", s.namespace(), name, path);
            }
        }
    }

    private static boolean policedByAnOverride(MeshSpec spec, String service) {
        return nonNull(spec.overrides()).stream().flatMap(o -> nonNull(o.services()).stream())
                .anyMatch(so -> so.name() != null && so.name().equals(service) && so.trafficPolicy() != null);
    }

    private static boolean routedByAnOverride(MeshSpec spec, String service) {
        for (ClusterOverride o : nonNull(spec.overrides())) {
            for (ServiceOverride so : nonNull(o.services())) {
                if (service != null && service.equals(so.name()) && routes(so.http(), so.tcp(), so.tls())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean routes(List<?> http, List<?> tcp, List<?> tls) {
        return !nonNull(http).isEmpty() || !nonNull(tcp).isEmpty() || !nonNull(tls).isEmpty();
    }

    private void gateways(List<Gateway> gateways) {
        for (int g = 0; g < nonNull(gateways).size(); g++) {
            Gateway gateway = gateways.get(g);
            if (gateway == null) {
                continue;
            }
            claim("networking.istio.io/Gateway", gateway.namespaceOrDefault(), gateway.name(), "$.spec.gateways[" + g + "]");
            List<GatewayRoute> routes = nonNull(gateway.routes());
            for (int r = 0; r < routes.size(); r++) {
                GatewayRoute route = routes.get(r);
                if (route != null) {
                    claim("networking.istio.io/VirtualService", route.namespace(), route.name(),
                            "$.spec.gateways[" + g + "].routes[" + r + "]");
                }
            }
        }
    }

    private void mtls(MeshSpec spec) {
        if (spec.mtls() == null) {
            return;
        }
        String kind = "security.istio.io/PeerAuthentication";
        if (spec.mtls().mode() != null) {
            claim(kind, ROOT_NAMESPACE, "default", "$.spec.mtls.mode");
        }
        each(spec.mtls().namespaces(), "$.spec.mtls.namespaces", (n, p) -> claim(kind, n.namespace(), "default", p));
        each(spec.mtls().workloads(), "$.spec.mtls.workloads", (w, p) -> claim(kind, w.namespace(), w.name(), p));
    }

    private void authorization(MeshSpec spec) {
        if (spec.authorization() == null) {
            return;
        }
        String kind = "security.istio.io/AuthorizationPolicy";
        each(spec.authorization().denyAllNamespaces(), "$.spec.authorization.denyAllNamespaces",
                (n, p) -> claim(kind, n, "deny-all", p));
        each(spec.authorization().policies(), "$.spec.authorization.policies",
                (AuthorizationPolicy a, String p) -> claim(kind, a.namespace(), a.name(), p));
    }

    private void raw(List<RawResource> resources) {
        each(resources, "$.spec.resources", (r, p) -> {
            if (r.apiVersion() != null && r.metadata() != null) {
                String group = r.apiVersion().contains("/") ? r.apiVersion().substring(0, r.apiVersion().indexOf('/')) : "";
                claim(group + "/" + r.kind(), r.metadata().namespace(), r.metadata().name(), p + ".metadata.name");
            }
        });
    }

    private void claim(String kind, String namespace, String name, String path) {
        if (name == null) {
            return; // the validator's to refuse
        }
        String resource = kind.substring(kind.indexOf('/') + 1) + " " + namespace + "/" + name;
        String first = claimed.putIfAbsent(kind + "|" + namespace + "|" + name, path);
        if (first != null) {
            findings.add(Finding.error("MF206", path, resource + " is rendered from both " + first + " and " + path
                    + ": in one cluster the second would replace the first; rename one of them"));
        }
    }

    private static <T> void each(List<T> items, String path, java.util.function.BiConsumer<T, String> action) {
        List<T> list = items == null ? List.of() : items;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) != null) {
                action.accept(list.get(i), path + "[" + i + "]");
            }
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list.stream().filter(java.util.Objects::nonNull).toList();
    }
}
