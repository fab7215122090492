package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.model.ClusterOverrides;
import dev.meshfleet.intent.model.Gateway;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.model.MeshSpec;
import dev.meshfleet.intent.model.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Renders a mesh's intent into the Istio resources of one cluster, with fabric8's typed Istio model. Pure and
 * deterministic: the same intent, revision and cluster facts give byte-identical output, resources sorted by kind,
 * namespace and name. Every resource carries Meshfleet's managed-by and mesh labels and the revision annotation
 * ({@link ManagedMetadata}). The cluster's overrides come from {@link ClusterOverrides}, each Istio kind from its own
 * class, raw resources from {@link RawResources}, the apiVersion from {@link IstioApiVersions}; what the cluster's
 * Istio release lacks is rewritten by {@link OlderIstio}.
 */
public final class MeshRenderer {

    private static final List<String> KIND_ORDER = List.of("Gateway", "DestinationRule", "VirtualService",
            "PeerAuthentication", "RequestAuthentication", "AuthorizationPolicy");

    private MeshRenderer() {
    }

    /** Renders a valid intent (see IntentValidator) for one cluster. */
    public static List<RenderedResource> render(MeshIntent intent, String meshName, int revision, ClusterFacts cluster) {
        ManagedMetadata marks = new ManagedMetadata(meshName, revision);
        Map<String, Service> services = ClusterOverrides.services(intent, cluster.labels());
        List<RenderedResource> out = new ArrayList<>();
        String version = cluster.istioApiVersion();
        typed(intent.spec(), services, marks).forEach(r -> out.add(Manifests.of(r, version)));
        out.addAll(RawResources.render(intent.spec().resources(), marks, version));
        out.replaceAll(r -> OlderIstio.adapt(r, cluster.istioVersion()));
        out.sort(Comparator.<RenderedResource>comparingInt(r -> kindRank(r.kind())).thenComparing(RenderedResource::kind)
                .thenComparing(RenderedResource::namespace).thenComparing(RenderedResource::name));
        return List.copyOf(out);
    }

    private static int kindRank(String kind) {
        int i = KIND_ORDER.indexOf(kind);
        return i < 0 ? KIND_ORDER.size() : i;
    }

    /**
     * The typed resources in the order they are made (per service its DestinationRule then VirtualService, then per
     * gateway the Gateway then its routes, then delegate routes, then mTLS, then JWT request authentication, then
     * authorization, then service entries and egress): the sort above is stable, so this order decides between
     * resources of equal kind, namespace and name.
     */
    private static List<HasMetadata> typed(MeshSpec spec, Map<String, Service> services, ManagedMetadata marks) {
        List<HasMetadata> out = new ArrayList<>();
        DestinationRules destinationRules = new DestinationRules(marks);
        VirtualServices virtualServices = new VirtualServices(marks, new Destinations(services));
        for (Service s : services.values()) {
            if (DestinationRules.needed(s)) {
                out.add(destinationRules.of(s));
            }
            if (VirtualServices.needed(s)) {
                out.add(virtualServices.forService(s));
            }
        }
        if (spec.gateways() != null) {
            Gateways gateways = new Gateways(marks);
            for (Gateway g : spec.gateways()) {
                out.add(gateways.of(g));
                if (g.routes() != null) {
                    g.routes().forEach(r -> out.add(virtualServices.forGatewayRoute(g, r)));
                }
            }
        }
        if (spec.delegates() != null) {
            spec.delegates().forEach(d -> out.add(virtualServices.forDelegate(d)));
        }
        if (spec.mtls() != null) {
            new PeerAuthentications(marks).render(spec.mtls(), out);
        }
        if (spec.requestAuthentications() != null) {
            new RequestAuthentications(marks).render(spec.requestAuthentications(), out);
        }
        if (spec.authorization() != null) {
            new AuthorizationPolicies(marks).render(spec.authorization(), out);
        }
        if (spec.serviceEntries() != null) {
            ServiceEntries entries = new ServiceEntries(marks);
            spec.serviceEntries().forEach(e -> out.add(entries.of(e)));
        }
        if (spec.egress() != null) {
            new EgressRoutes(marks).render(spec.egress(), out);
        }
        return out;
    }
}
