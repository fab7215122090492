package dev.meshfleet.intent.model;

/**
 * Traffic from the mesh to an external host (declared by a service entry) sent through an egress gateway, as in Istio's
 * "Egress Gateways" task: sidecars route it to the gateway, the gateway routes it out. Rendered as the task's trio:
 * the gateway's Gateway (shared by all egress through it), a DestinationRule {@code egressgateway-for-NAME} with subset
 * NAME for the gateway service, and a VirtualService {@code direct-NAME-through-egress-gateway}. Protocol HTTP routes
 * plain HTTP; TLS routes TLS that the application originates, by SNI, with the gateway passing it through.
 */
public record Egress(String name, String namespace, String host, Integer port, Protocol protocol, EgressGateway gateway) {

    public EgressGateway gatewayOrDefault() {
        return gateway == null ? EgressGateway.DEFAULT : gateway;
    }
}
