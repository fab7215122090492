package dev.meshfleet.intent.model;

import java.util.List;

/** One listener of a gateway. */
public record GatewayServer(String name, GatewayPort port, List<String> hosts, ServerTls tls) {
}
