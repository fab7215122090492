package dev.meshfleet.agent;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The Istio kinds the agent manages, with their plural names (so no API discovery is needed to address them). */
final class IstioKinds {
    record Kind(String group, String kind, String plural) {
        ResourceDefinitionContext at(String version) {
            return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                    .withPlural(plural).withNamespaced(true).build();
        }
    }

    static final List<Kind> ALL = List.of(
            new Kind("networking.istio.io", "VirtualService", "virtualservices"),
            new Kind("networking.istio.io", "DestinationRule", "destinationrules"),
            new Kind("networking.istio.io", "Gateway", "gateways"),
            new Kind("networking.istio.io", "ServiceEntry", "serviceentries"),
            new Kind("networking.istio.io", "Sidecar", "sidecars"),
            new Kind("networking.istio.io", "WorkloadEntry", "workloadentries"),
            new Kind("networking.istio.io", "WorkloadGroup", "workloadgroups"),
            new Kind("networking.istio.io", "EnvoyFilter", "envoyfilters"),
            new Kind("security.istio.io", "PeerAuthentication", "peerauthentications"),
            new Kind("security.istio.io", "AuthorizationPolicy", "authorizationpolicies"),
            new Kind("security.istio.io", "RequestAuthentication", "requestauthentications"),
            new Kind("telemetry.istio.io", "Telemetry", "telemetries"));

    private IstioKinds() {
    }

    static Optional<Kind> of(String group, String kind) {
        return ALL.stream().filter(k -> k.group().equals(group) && k.kind().equals(kind)).findFirst();
    }
}
