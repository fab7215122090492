package dev.meshfleet.intent.model;

/** Retry policy: attempts, the timeout of each try, and the conditions (Envoy retry-on values). */
public record Retries(Integer attempts, String perTryTimeout, String retryOn) {
}
