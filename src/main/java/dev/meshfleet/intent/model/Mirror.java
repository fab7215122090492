package dev.meshfleet.intent.model;

/** Send a copy of a percentage of requests to another destination (responses are dropped). */
public record Mirror(String service, String version, Integer port, Double percentage) {
}
