package dev.meshfleet.intent.analysis;

import java.util.Set;

import dev.meshfleet.intent.model.MeshIntent;

/** Another mesh of the same tenant and the clusters it lands on, for cross-mesh checks. */
public record OtherMesh(String name, MeshIntent intent, Set<String> clusters) {
}
