package dev.meshfleet.intent.model;

import java.util.List;
import java.util.Map;

/** An ingress gateway (servers with ports, hosts, TLS) and the routes bound to it. */
public record Gateway(String name, String namespace, Map<String, String> selector, List<GatewayServer> servers,
        List<GatewayRoute> routes) {
    /** Gateways live in istio-system unless the intent says otherwise, next to the ingress gateway pods. */
    public static final String DEFAULT_NAMESPACE = "istio-system";

    public String namespaceOrDefault() {
        return namespace == null ? DEFAULT_NAMESPACE : namespace;
    }
}
