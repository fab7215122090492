package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.intent.model.RawResource;

/**
 * Raw passthrough: Istio resources the intent gives as they are (kinds the typed model does not cover), written at
 * their own apiVersion with their own labels and annotations plus Meshfleet's marks, spec keys sorted.
 */
final class RawResources {

    private RawResources() {
    }

    static List<RenderedResource> render(List<RawResource> resources, ManagedMetadata marks) {
        if (resources == null) {
            return List.of();
        }
        List<RenderedResource> out = new ArrayList<>();
        for (RawResource r : resources) {
            out.add(new RenderedResource(r.apiVersion(), r.kind(), r.metadata().namespace(), r.metadata().name(),
                    manifest(r, marks)));
        }
        return out;
    }

    private static ObjectNode manifest(RawResource r, ManagedMetadata marks) {
        ObjectNode manifest = Manifests.TREE.createObjectNode();
        manifest.put("apiVersion", r.apiVersion());
        manifest.put("kind", r.kind());
        ObjectNode metadata = manifest.putObject("metadata");
        metadata.set("annotations", Manifests.TREE.valueToTree(marks.annotations(r.metadata().annotations())));
        metadata.set("labels", Manifests.TREE.valueToTree(marks.labels(r.metadata().labels())));
        metadata.put("name", r.metadata().name());
        metadata.put("namespace", r.metadata().namespace());
        manifest.set("spec", Manifests.sorted(Manifests.TREE.valueToTree(new TreeMap<>(r.spec()))));
        return manifest;
    }
}
