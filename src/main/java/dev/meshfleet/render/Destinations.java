package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.meshfleet.intent.model.Destination;
import dev.meshfleet.intent.model.Service;
import io.fabric8.istio.api.api.networking.v1alpha3.PortSelector;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestination;

/** Route targets: a service (or the route's own service) and version become an Istio host and subset. */
final class Destinations {
    private final Map<String, Service> services;

    /** @param services the mesh's services by name, as this cluster receives them */
    Destinations(Map<String, Service> services) {
        this.services = services;
    }

    /** The host Istio knows a service by: its host, or else its name. */
    static String host(Service s) {
        return s.host() != null ? s.host() : s.name();
    }

    io.fabric8.istio.api.api.networking.v1alpha3.Destination of(String service, String version, Integer port,
            String ownService) {
        Service target = services.get(service != null ? service : ownService);
        var d = new io.fabric8.istio.api.api.networking.v1alpha3.Destination();
        d.setHost(target == null ? service : host(target));
        d.setSubset(version);
        if (port != null) {
            d.setPort(new PortSelector(port.longValue()));
        }
        return d;
    }

    /** Weighted destinations of a TCP or TLS route. */
    List<RouteDestination> routeDestinations(List<Destination> destinations, String ownService) {
        List<RouteDestination> out = new ArrayList<>();
        for (Destination d : destinations) {
            RouteDestination rd = new RouteDestination();
            rd.setDestination(of(d.service(), d.version(), d.port(), ownService));
            rd.setWeight(d.weight());
            out.add(rd);
        }
        return out;
    }
}
