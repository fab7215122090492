package dev.meshfleet.intent.validation;

import java.util.Set;

import dev.meshfleet.intent.model.RawResource;

/** Raw passthrough resources: Istio kinds and API versions only, with a name, a namespace and a spec. */
final class RawResourceRules {
    private static final Set<String> RAW_KINDS = Set.of(
            "networking.istio.io:VirtualService", "networking.istio.io:DestinationRule", "networking.istio.io:Gateway",
            "networking.istio.io:ServiceEntry", "networking.istio.io:Sidecar", "networking.istio.io:WorkloadEntry",
            "networking.istio.io:WorkloadGroup", "networking.istio.io:EnvoyFilter", "networking.istio.io:ProxyConfig",
            "security.istio.io:PeerAuthentication", "security.istio.io:AuthorizationPolicy",
            "security.istio.io:RequestAuthentication", "telemetry.istio.io:Telemetry");
    private static final Set<String> RAW_VERSIONS = Set.of("v1", "v1beta1", "v1alpha1", "v1alpha3");

    private final PathChecks checks;

    RawResourceRules(PathChecks checks) {
        this.checks = checks;
    }

    void check(RawResource r, String p) {
        if (!checks.required(r.apiVersion(), p + ".apiVersion") || !checks.required(r.kind(), p + ".kind")) {
            return;
        }
        int slash = r.apiVersion().indexOf('/');
        String group = slash < 0 ? "" : r.apiVersion().substring(0, slash);
        String version = slash < 0 ? r.apiVersion() : r.apiVersion().substring(slash + 1);
        if (!RAW_KINDS.contains(group + ":" + r.kind())) {
            checks.error(p + ".kind", "must be an Istio resource kind (networking, security or telemetry.istio.io)");
        }
        if (!RAW_VERSIONS.contains(version)) {
            checks.error(p + ".apiVersion", "must be an Istio API version (v1, v1beta1, v1alpha3 or v1alpha1)");
        }
        if (checks.required(r.metadata(), p + ".metadata")) {
            checks.dnsLabel(r.metadata().name(), p + ".metadata.name");
            checks.dnsLabel(r.metadata().namespace(), p + ".metadata.namespace");
            checks.labels(r.metadata().labels(), p + ".metadata.labels");
        }
        checks.required(r.spec(), p + ".spec");
    }
}
