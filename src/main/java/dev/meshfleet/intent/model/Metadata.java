package dev.meshfleet.intent.model;

import java.util.Map;

/** Name (must equal the mesh's), labels and annotations of an intent document. */
public record Metadata(String name, Map<String, String> labels, Map<String, String> annotations) {
}
