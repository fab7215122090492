package dev.meshfleet.intent.model;

import java.util.List;

/** What an override replaces in one service; fields left out keep the service's own. */
public record ServiceOverride(String name, List<HttpRoute> http, List<TcpRoute> tcp, List<TlsRoute> tls,
        TrafficPolicy trafficPolicy) {
}
