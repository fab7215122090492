package dev.meshfleet.intent.model;

import java.util.List;

/**
 * Cross-origin resource sharing for a route: the origins (exact, prefix or regex), methods and headers allowed, the
 * headers exposed, how long a preflight answer may be cached, whether credentials may be sent, and what happens to
 * preflights from origins not allowed.
 */
public record CorsPolicy(List<StringMatch> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
        List<String> exposeHeaders, String maxAge, Boolean allowCredentials, UnmatchedPreflights unmatchedPreflights) {
}
