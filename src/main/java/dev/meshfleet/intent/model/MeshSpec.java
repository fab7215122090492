package dev.meshfleet.intent.model;

import java.util.List;

/** Everything a mesh declares: services and their routing, ingress gateways, mTLS, authorization, raw Istio resources, per-cluster overrides, and delegate VirtualServices. */
public record MeshSpec(List<Service> services, List<Gateway> gateways, Mtls mtls, Authorization authorization, List<RawResource> resources,
        List<ClusterOverride> overrides, List<DelegateRoute> delegates) {
}
