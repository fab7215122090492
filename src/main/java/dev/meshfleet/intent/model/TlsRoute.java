package dev.meshfleet.intent.model;

import java.util.List;

/** A TLS (SNI) route: weights only. */
public record TlsRoute(List<TlsMatch> match, List<Destination> route) {
}
