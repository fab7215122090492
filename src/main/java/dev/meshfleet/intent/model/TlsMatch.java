package dev.meshfleet.intent.model;

import java.util.List;

/** A TLS match on SNI hosts and port. */
public record TlsMatch(List<String> sniHosts, Integer port) {
}
