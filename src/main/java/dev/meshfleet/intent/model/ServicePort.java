package dev.meshfleet.intent.model;

/** A port a service serves. */
public record ServicePort(Integer number, String name, Protocol protocol) {
}
