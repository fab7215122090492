package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.meshfleet.intent.model.Egress;
import dev.meshfleet.intent.model.EgressGateway;
import dev.meshfleet.intent.model.Protocol;
import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.Port;
import io.fabric8.istio.api.api.networking.v1alpha3.PortSelector;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.Server;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSMatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRoute;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Egress through an egress gateway, as Istio's "Egress Gateways" task writes it
 * (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/): per egress gateway one Gateway with a
 * server per port (all the hosts that go out through it on that port; TLS passed through), and per egress a
 * DestinationRule {@code egressgateway-for-NAME} giving the gateway's service a subset NAME, and a VirtualService
 * {@code direct-NAME-through-egress-gateway} bound to the gateway and {@code mesh}: from the sidecars to the gateway
 * (subset NAME), from the gateway to the external host. HTTP routes by port, TLS by port and SNI.
 */
final class EgressRoutes {
    private static final String MESH = "mesh";

    private final ManagedMetadata marks;

    EgressRoutes(ManagedMetadata marks) {
        this.marks = marks;
    }

    /** Gateways first (one per egress gateway, in the order first named), then each egress's DestinationRule and VS. */
    void render(List<Egress> egress, List<HasMetadata> out) {
        Map<String, List<Egress>> byGateway = new LinkedHashMap<>();
        for (Egress e : egress) {
            EgressGateway g = e.gatewayOrDefault();
            byGateway.computeIfAbsent(g.namespaceOr(e.namespace()) + "/" + g.nameOrDefault(), k -> new ArrayList<>()).add(e);
        }
        byGateway.values().forEach(through -> out.add(gateway(through)));
        for (Egress e : egress) {
            out.add(destinationRule(e));
            out.add(virtualService(e));
        }
    }

    private HasMetadata gateway(List<Egress> through) {
        Egress first = through.get(0);
        EgressGateway g = first.gatewayOrDefault();
        // one server per port and protocol, hosts in the order the egress names them
        Map<String, Set<String>> hostsByListener = new LinkedHashMap<>();
        for (Egress e : through) {
            String listener = e.gatewayOrDefault().portOr(e.port()) + "/" + e.protocol().name();
            hostsByListener.computeIfAbsent(listener, k -> new LinkedHashSet<>()).add(e.host());
        }
        List<Server> servers = new ArrayList<>();
        hostsByListener.forEach((listener, hosts) -> {
            int slash = listener.indexOf('/');
            Protocol protocol = Protocol.valueOf(listener.substring(slash + 1));
            Server server = new Server();
            Port port = new Port();
            port.setNumber(Long.parseLong(listener.substring(0, slash)));
            port.setName(protocol.name().toLowerCase(java.util.Locale.ROOT));
            port.setProtocol(protocol.name());
            server.setPort(port);
            server.setHosts(List.copyOf(hosts));
            if (protocol == Protocol.TLS) {
                ServerTLSSettings tls = new ServerTLSSettings();
                tls.setMode(ServerTLSSettingsTLSmode.PASSTHROUGH);
                server.setTls(tls);
            }
            servers.add(server);
        });
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.Gateway();
        spec.setSelector(new TreeMap<>(g.selectorOrDefault()));
        spec.setServers(servers);
        var gateway = new io.fabric8.istio.api.networking.v1.Gateway();
        gateway.setMetadata(marks.of(g.nameOrDefault(), g.namespaceOr(first.namespace())));
        gateway.setSpec(spec);
        return gateway;
    }

    private HasMetadata destinationRule(Egress e) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule();
        spec.setHost(e.gatewayOrDefault().serviceOrDefault());
        Subset subset = new Subset();
        subset.setName(e.name());
        spec.setSubsets(List.of(subset));
        var dr = new io.fabric8.istio.api.networking.v1.DestinationRule();
        dr.setMetadata(marks.of("egressgateway-for-" + e.name(), e.namespace()));
        dr.setSpec(spec);
        return dr;
    }

    private HasMetadata virtualService(Egress e) {
        EgressGateway g = e.gatewayOrDefault();
        String gatewayNamespace = g.namespaceOr(e.namespace());
        // a VirtualService names a Gateway of its own namespace by its name, as the task does
        String gatewayRef = gatewayNamespace.equals(e.namespace()) ? g.nameOrDefault()
                : gatewayNamespace + "/" + g.nameOrDefault();
        int gatewayPort = g.portOr(e.port());
        Destination toGateway = destination(g.serviceOrDefault(), e.name(), gatewayPort);
        Destination toHost = destination(e.host(), null, e.port());
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.VirtualService();
        spec.setHosts(List.of(e.host()));
        spec.setGateways(List.of(gatewayRef, MESH));
        if (e.protocol() == Protocol.TLS) {
            spec.setTls(List.of(tlsRoute(MESH, e.port(), e.host(), toGateway),
                    tlsRoute(gatewayRef, gatewayPort, e.host(), toHost)));
        } else {
            spec.setHttp(List.of(httpRoute(MESH, e.port(), toGateway), httpRoute(gatewayRef, gatewayPort, toHost)));
        }
        var vs = new io.fabric8.istio.api.networking.v1.VirtualService();
        vs.setMetadata(marks.of("direct-" + e.name() + "-through-egress-gateway", e.namespace()));
        vs.setSpec(spec);
        return vs;
    }

    private static Destination destination(String host, String subset, int port) {
        Destination d = new Destination();
        d.setHost(host);
        d.setSubset(subset);
        d.setPort(new PortSelector((long) port));
        return d;
    }

    private static HTTPRoute httpRoute(String from, int port, Destination to) {
        HTTPMatchRequest match = new HTTPMatchRequest();
        match.setGateways(List.of(from));
        match.setPort((long) port);
        HTTPRouteDestination destination = new HTTPRouteDestination();
        destination.setDestination(to);
        destination.setWeight(100);
        HTTPRoute route = new HTTPRoute();
        route.setMatch(List.of(match));
        route.setRoute(List.of(destination));
        return route;
    }

    private static TLSRoute tlsRoute(String from, int port, String sni, Destination to) {
        TLSMatchAttributes match = new TLSMatchAttributes();
        match.setGateways(List.of(from));
        match.setPort((long) port);
        match.setSniHosts(List.of(sni));
        RouteDestination destination = new RouteDestination();
        destination.setDestination(to);
        destination.setWeight(100);
        TLSRoute route = new TLSRoute();
        route.setMatch(List.of(match));
        route.setRoute(List.of(destination));
        return route;
    }
}
