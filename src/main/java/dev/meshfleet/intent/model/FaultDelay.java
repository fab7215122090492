package dev.meshfleet.intent.model;

/** Delay a percentage of requests. */
public record FaultDelay(String fixedDelay, Double percentage) {
}
