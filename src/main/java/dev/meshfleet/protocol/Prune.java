package dev.meshfleet.protocol;

import java.util.Map;

/** Tells the agent which resources are its own to prune: those carrying these labels and not in the bundle. */
public record Prune(Map<String, String> labels) {
}
