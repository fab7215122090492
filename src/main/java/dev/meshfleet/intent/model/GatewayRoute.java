package dev.meshfleet.intent.model;

import java.util.List;

/** Routes for traffic entering through a gateway (a VirtualService bound to it); destinations name services. */
public record GatewayRoute(String name, String namespace, List<String> hosts, List<HttpRoute> http, List<TcpRoute> tcp, List<TlsRoute> tls) {
}
