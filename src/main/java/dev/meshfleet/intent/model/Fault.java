package dev.meshfleet.intent.model;

/** Fault injection for chaos testing: delays and aborts, each for a percentage of requests. */
public record Fault(FaultDelay delay, FaultAbort abort) {
}
