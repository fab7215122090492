package dev.meshfleet.intent.model;

import java.util.List;

/**
 * Everything a mesh declares: services and their routing, ingress gateways, mTLS, authorization, JWT request
 * authentication, raw Istio resources, per-cluster overrides, external services (service entries) with the egress
 * through gateways to them, and delegate VirtualServices.
 */
public record MeshSpec(List<Service> services, List<Gateway> gateways, Mtls mtls, Authorization authorization, List<RawResource> resources,
        List<ClusterOverride> overrides, List<RequestAuthentication> requestAuthentications,
        List<ServiceEntry> serviceEntries, List<Egress> egress, List<DelegateRoute> delegates) {
}
