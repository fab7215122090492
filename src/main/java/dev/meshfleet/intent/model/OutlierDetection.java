package dev.meshfleet.intent.model;

/** Circuit breaking: eject hosts that keep failing. */
public record OutlierDetection(Integer consecutiveGatewayErrors, Integer consecutive5xxErrors, String interval, String baseEjectionTime, Integer maxEjectionPercent, Integer minHealthPercent) {
}
