package dev.meshfleet.intent.model;

import java.util.List;

/** An HTTP route: optional matches (any of them), destinations with weights, and what happens on the way. */
public record HttpRoute(String name, List<HttpMatch> match, List<Destination> route, String timeout, Retries retries, Fault fault, Mirror mirror, Rewrite rewrite, Redirect redirect) {
}
