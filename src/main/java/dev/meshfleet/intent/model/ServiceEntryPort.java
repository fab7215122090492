package dev.meshfleet.intent.model;

/** A port of a service entry; the endpoints receive traffic on {@code targetPort} (default: {@code number}). */
public record ServiceEntryPort(Integer number, String name, Protocol protocol, Integer targetPort) {
}
