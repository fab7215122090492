package dev.meshfleet.rollout.core;

import java.util.ArrayList;
import java.util.List;

import dev.meshfleet.intent.model.Destination;
import dev.meshfleet.intent.model.Headers;
import dev.meshfleet.intent.model.HttpRoute;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.model.MeshSpec;
import dev.meshfleet.intent.model.Service;

/**
 * A rollout's weights laid over a mesh's intent: in each rolled-out service, the catch-all HTTP route (the one without
 * matches) sends {@code 100 - weight} % to the stable version and {@code weight} % to the canary. Routes with matches,
 * such as a header-based canary route, stay exactly as written; the stored intent revisions are never changed. Pure.
 */
public final class WeightOverlay {
    private WeightOverlay() {
    }

    public static MeshIntent apply(MeshIntent intent, List<String> services, String stable, String canary, int weight) {
        List<Service> out = new ArrayList<>();
        for (Service s : intent.spec().services()) {
            out.add(services.contains(s.name()) ? shift(s, stable, canary, weight) : s);
        }
        MeshSpec spec = intent.spec();
        return new MeshIntent(intent.apiVersion(), intent.kind(), intent.metadata(), new MeshSpec(out, spec.gateways(),
                spec.mtls(), spec.authorization(), spec.resources(), spec.overrides(), spec.requestAuthentications(),
                spec.serviceEntries(), spec.egress(), spec.delegates()));
    }

    /** The index of the service's catch-all HTTP route, or -1: the route a rollout shifts. */
    public static int catchAllRoute(Service s) {
        if (s.http() == null) {
            return -1;
        }
        for (int i = 0; i < s.http().size(); i++) {
            HttpRoute r = s.http().get(i);
            if ((r.match() == null || r.match().isEmpty()) && r.redirect() == null && r.directResponse() == null
                    && r.delegate() == null) {
                return i;
            }
        }
        return -1;
    }

    private static Service shift(Service s, String stable, String canary, int weight) {
        int index = catchAllRoute(s);
        if (index < 0) {
            throw new IllegalArgumentException("service " + s.name() + " has no catch-all HTTP route to shift");
        }
        List<HttpRoute> routes = new ArrayList<>(s.http());
        HttpRoute r = routes.get(index);
        Integer port = r.route() == null || r.route().isEmpty() ? null : r.route().get(0).port();
        // header changes of the route's first destination stay on both versions
        Headers headers = r.route() == null || r.route().isEmpty() ? null : r.route().get(0).headers();
        List<Destination> split = weight <= 0 ? List.of(new Destination(null, stable, port, null, headers))
                : weight >= 100 ? List.of(new Destination(null, canary, port, null, headers))
                : List.of(new Destination(null, stable, port, 100 - weight, headers),
                        new Destination(null, canary, port, weight, headers));
        routes.set(index, new HttpRoute(r.name(), r.match(), split, r.timeout(), r.retries(), r.fault(), r.mirror(),
                r.rewrite(), r.redirect(), r.headers(), r.corsPolicy(), r.directResponse(), r.delegate()));
        return new Service(s.name(), s.namespace(), s.host(), s.ports(), s.versions(), s.trafficPolicy(), routes, s.tcp(),
                s.tls(), s.exportTo(), s.names(), s.hosts());
    }
}
