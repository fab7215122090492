package dev.meshfleet.render;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Istio resource rendered for one cluster: its identity and its manifest (keys in a stable order). */
public record RenderedResource(String apiVersion, String kind, String namespace, String name, ObjectNode manifest) {

    /** Identity across API versions: what a create/update/delete plan matches on. */
    public String key() {
        return group() + "/" + kind + "/" + namespace + "/" + name;
    }

    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
