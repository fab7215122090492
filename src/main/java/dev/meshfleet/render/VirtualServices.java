package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.meshfleet.intent.model.DelegateRoute;
import dev.meshfleet.intent.model.Gateway;
import dev.meshfleet.intent.model.GatewayRoute;
import dev.meshfleet.intent.model.Service;
import dev.meshfleet.intent.model.TcpRoute;
import dev.meshfleet.intent.model.TlsRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.L4MatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.TCPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSMatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRoute;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * VirtualServices: one per service that has routes (its HTTP, TCP and TLS routes, on its own host followed by the further
 * {@code hosts} it lists; further hosts alone do not make one, as Istio refuses a VirtualService without routes) and one per route of
 * a gateway (bound to that gateway and any further gateways the route names), and one per delegate route (no hosts).
 * A service's VirtualService takes the name the intent chose for it, else the service's name.
 */
final class VirtualServices {
    private final ManagedMetadata marks;
    private final Destinations destinations;
    private final HttpRoutes httpRoutes;

    VirtualServices(ManagedMetadata marks, Destinations destinations) {
        this.marks = marks;
        this.destinations = destinations;
        this.httpRoutes = new HttpRoutes(destinations);
    }

    /** A service gets one when it has routes of its own (after this cluster's overrides). */
    static boolean needed(Service s) {
        return notEmpty(s.http()) || notEmpty(s.tcp()) || notEmpty(s.tls());
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    HasMetadata forService(Service s) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.VirtualService();
        spec.setHosts(hosts(s));
        spec.setHttp(httpRoutes.of(s.http(), s.name()));
        spec.setTcp(tcpRoutes(s.tcp(), s.name()));
        spec.setTls(tlsRoutes(s.tls(), s.name()));
        if (s.exportTo() != null) {
            spec.setExportTo(s.exportTo());
        }
        return virtualService(name(s), s.namespace(), spec);
    }

    /** The service's own host, then its further hosts in the order written. */
    static List<String> hosts(Service s) {
        if (s.hosts() == null || s.hosts().isEmpty()) {
            return List.of(Destinations.host(s));
        }
        List<String> hosts = new ArrayList<>(1 + s.hosts().size());
        hosts.add(Destinations.host(s));
        hosts.addAll(s.hosts());
        return hosts;
    }

    /** The VirtualService's name: the one the intent chose, else the service's. */
    static String name(Service s) {
        return s.names() != null && s.names().virtualService() != null ? s.names().virtualService() : s.name();
    }

    HasMetadata forGatewayRoute(Gateway g, GatewayRoute r) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.VirtualService();
        spec.setHosts(r.hosts());
        List<String> gateways = new ArrayList<>();
        gateways.add(g.namespaceOrDefault() + "/" + g.name());
        if (r.gateways() != null) {
            gateways.addAll(r.gateways());
        }
        spec.setGateways(gateways);
        spec.setHttp(httpRoutes.of(r.http(), null));
        spec.setTcp(tcpRoutes(r.tcp(), null));
        spec.setTls(tlsRoutes(r.tls(), null));
        return virtualService(r.name(), r.namespace(), spec);
    }

    /** A delegate VirtualService: HTTP routes only, no hosts or gateways (Istio merges them into the root's). */
    HasMetadata forDelegate(DelegateRoute d) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.VirtualService();
        spec.setHttp(httpRoutes.of(d.http(), null));
        return virtualService(d.name(), d.namespace(), spec);
    }

    private HasMetadata virtualService(String name, String namespace,
            io.fabric8.istio.api.api.networking.v1alpha3.VirtualService spec) {
        var vs = new io.fabric8.istio.api.networking.v1.VirtualService();
        vs.setMetadata(marks.of(name, namespace));
        vs.setSpec(spec);
        return vs;
    }

    private List<TCPRoute> tcpRoutes(List<TcpRoute> routes, String ownService) {
        if (routes == null) {
            return null;
        }
        List<TCPRoute> out = new ArrayList<>();
        for (TcpRoute r : routes) {
            TCPRoute route = new TCPRoute();
            if (r.match() != null) {
                route.setMatch(r.match().stream().map(m -> {
                    L4MatchAttributes a = new L4MatchAttributes();
                    if (m.port() != null) {
                        a.setPort(m.port().longValue());
                    }
                    if (m.destinationSubnets() != null) {
                        a.setDestinationSubnets(m.destinationSubnets());
                    }
                    if (m.sourceLabels() != null) {
                        a.setSourceLabels(new TreeMap<>(m.sourceLabels()));
                    }
                    return a;
                }).toList());
            }
            route.setRoute(destinations.routeDestinations(r.route(), ownService));
            out.add(route);
        }
        return out;
    }

    private List<TLSRoute> tlsRoutes(List<TlsRoute> routes, String ownService) {
        if (routes == null) {
            return null;
        }
        List<TLSRoute> out = new ArrayList<>();
        for (TlsRoute r : routes) {
            TLSRoute route = new TLSRoute();
            route.setMatch(r.match().stream().map(m -> {
                TLSMatchAttributes a = new TLSMatchAttributes();
                a.setSniHosts(m.sniHosts());
                if (m.port() != null) {
                    a.setPort(m.port().longValue());
                }
                return a;
            }).toList());
            route.setRoute(destinations.routeDestinations(r.route(), ownService));
            out.add(route);
        }
        return out;
    }
}
