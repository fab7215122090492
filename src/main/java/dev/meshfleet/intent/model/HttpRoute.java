package dev.meshfleet.intent.model;

import java.util.List;

/**
 * An HTTP route: optional matches (any of them), then one of: destinations with weights, a redirect, a direct response
 * or a delegate; and what happens on the way (timeout, retries, faults, mirror, rewrite, header changes, CORS).
 */
public record HttpRoute(String name, List<HttpMatch> match, List<Destination> route, String timeout, Retries retries, Fault fault, Mirror mirror, Rewrite rewrite, Redirect redirect,
        Headers headers, CorsPolicy corsPolicy, DirectResponse directResponse, Delegate delegate) {
}
