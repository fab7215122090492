package dev.meshfleet.intent.model;

import java.util.Map;

/** A raw Istio resource for what the model does not cover; validated like rendered ones. */
public record RawResource(String apiVersion, String kind, RawMetadata metadata, Map<String, Object> spec) {
}
