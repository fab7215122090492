package dev.meshfleet.intent.model;

import java.util.Map;

/** Name, namespace, labels and annotations of a raw resource. */
public record RawMetadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
}
