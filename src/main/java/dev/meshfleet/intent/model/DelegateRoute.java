package dev.meshfleet.intent.model;

import java.util.List;

/**
 * A delegate VirtualService: HTTP routes without hosts or gateways of their own, merged by Istio into the routes of
 * the root VirtualService whose route delegates to it by name and namespace. Only one level of delegation exists, so
 * these routes cannot delegate again. Destinations name services, as in gateway routes.
 */
public record DelegateRoute(String name, String namespace, List<HttpRoute> http) {
}
