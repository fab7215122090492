package dev.meshfleet.intent.model;

/** A mesh's intent document, format v1 (apiVersion meshfleet.dev/v1, kind Mesh). */
public record MeshIntent(String apiVersion, String kind, Metadata metadata, MeshSpec spec) {
}
