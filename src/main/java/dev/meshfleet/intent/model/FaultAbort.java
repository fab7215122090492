package dev.meshfleet.intent.model;

/** Abort a percentage of requests with an HTTP status. */
public record FaultAbort(Integer httpStatus, Double percentage) {
}
