package dev.meshfleet.intent.model;

import java.util.List;

/** Routes for traffic entering through a gateway (a VirtualService bound to it); destinations name services.
 * Further gateways it is bound to besides its own ({@code mesh} for the sidecars, or namespace/name). */
public record GatewayRoute(String name, String namespace, List<String> hosts, List<HttpRoute> http, List<TcpRoute> tcp, List<TlsRoute> tls,
        List<String> gateways) {
}
