package dev.meshfleet.render;

import java.util.Map;
import java.util.TreeMap;

import dev.meshfleet.protocol.MeshfleetLabels;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Meshfleet's marks on every resource it renders for a mesh: the managed-by and mesh labels (the agent prunes and
 * watches by them) and the revision annotation. Label and annotation maps are sorted so output is stable.
 */
record ManagedMetadata(String meshName, int revision) {

    /** Metadata of a typed resource: its name and namespace, and only Meshfleet's marks. */
    ObjectMeta of(String name, String namespace) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        meta.setLabels(labels(null));
        meta.setAnnotations(annotations(null));
        return meta;
    }

    /** The resource's own labels (if any) with Meshfleet's labels set over them. */
    Map<String, String> labels(Map<String, String> own) {
        Map<String, String> labels = new TreeMap<>(own == null ? Map.of() : own);
        labels.put(MeshfleetLabels.MANAGED_BY_LABEL, MeshfleetLabels.MANAGED_BY);
        labels.put(MeshfleetLabels.MESH_LABEL, meshName);
        return labels;
    }

    /** The resource's own annotations (if any) with the revision annotation set over them. */
    Map<String, String> annotations(Map<String, String> own) {
        Map<String, String> annotations = new TreeMap<>(own == null ? Map.of() : own);
        annotations.put(MeshfleetLabels.REVISION_ANNOTATION, Integer.toString(revision));
        return annotations;
    }
}
