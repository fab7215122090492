package dev.meshfleet.intent.model;

import java.util.List;

/** A TCP route: weights only, optionally per port. */
public record TcpRoute(List<L4Match> match, List<Destination> route) {
}
