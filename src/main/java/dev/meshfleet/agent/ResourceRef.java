package dev.meshfleet.agent;

import com.fasterxml.jackson.databind.JsonNode;

/** A resource in a cluster. Identity ignores the API version: v1 and v1beta1 of one Istio resource are the same object. */
public record ResourceRef(String apiVersion, String kind, String namespace, String name) {
    public static ResourceRef of(JsonNode manifest) {
        return new ResourceRef(manifest.path("apiVersion").asText(), manifest.path("kind").asText(),
                manifest.at("/metadata/namespace").asText(null), manifest.at("/metadata/name").asText());
    }

    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String identity() {
        return group() + "/" + kind + "/" + namespace + "/" + name;
    }
}
