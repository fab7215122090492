package dev.meshfleet.intent.model;

import java.util.Map;

/**
 * The egress gateway that egress goes through. Every field defaults to Istio's default egress gateway
 * ({@code istio-egressgateway}, pods labelled {@code istio: egressgateway}, service
 * {@code istio-egressgateway.istio-system.svc.cluster.local}); the Gateway resource lives in the egress's namespace
 * unless {@code namespace} says otherwise, and listens on the egress port unless {@code port} says otherwise.
 */
public record EgressGateway(String name, String namespace, Map<String, String> selector, String service, Integer port) {
    public static final EgressGateway DEFAULT = new EgressGateway(null, null, null, null, null);
    public static final String DEFAULT_NAME = "istio-egressgateway";
    public static final Map<String, String> DEFAULT_SELECTOR = Map.of("istio", "egressgateway");
    public static final String DEFAULT_SERVICE = "istio-egressgateway.istio-system.svc.cluster.local";

    public String nameOrDefault() {
        return name == null ? DEFAULT_NAME : name;
    }

    public String namespaceOr(String egressNamespace) {
        return namespace == null ? egressNamespace : namespace;
    }

    public Map<String, String> selectorOrDefault() {
        return selector == null ? DEFAULT_SELECTOR : selector;
    }

    public String serviceOrDefault() {
        return service == null ? DEFAULT_SERVICE : service;
    }

    public int portOr(int egressPort) {
        return port == null ? egressPort : port;
    }
}
