package dev.meshfleet.intent.model;

/** A gateway listener's port. */
public record GatewayPort(Integer number, String name, Protocol protocol) {
}
