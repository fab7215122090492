package dev.meshfleet.intent.model;

import java.util.List;

/** Everything a mesh declares: services and their routing, ingress gateways, mTLS, authorization, raw Istio resources. */
public record MeshSpec(List<Service> services, List<Gateway> gateways, Mtls mtls, Authorization authorization, List<RawResource> resources) {
}
