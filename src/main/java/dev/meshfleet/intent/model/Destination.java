package dev.meshfleet.intent.model;

/** Where a route sends traffic: a service of this mesh (default: the route's own service), a version, a port, a weight,
 * and header changes for this destination only (HTTP routes). */
public record Destination(String service, String version, Integer port, Integer weight, Headers headers) {
}
