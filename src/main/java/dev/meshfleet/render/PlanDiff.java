package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.common.json.JsonDiff;
import dev.meshfleet.protocol.MeshfleetLabels;

/**
 * What changes on one cluster between what it should run now and a candidate: resources to create, to update (with a
 * field-level diff) and to delete. The revision annotation is ignored: a resource whose content is the same in a new
 * revision is unchanged. Pure.
 */
public final class PlanDiff {
    public record ResourceRef(String apiVersion, String kind, String namespace, String name) {
        static ResourceRef of(RenderedResource r) {
            return new ResourceRef(r.apiVersion(), r.kind(), r.namespace(), r.name());
        }
    }

    public record Update(ResourceRef resource, List<JsonDiff.Change> changes) {
    }

    public record ClusterChanges(List<ResourceRef> create, List<Update> update, List<ResourceRef> delete, int unchanged) {
    }

    private PlanDiff() {
    }

    public static ClusterChanges between(List<RenderedResource> current, List<RenderedResource> candidate) {
        Map<String, RenderedResource> before = index(current);
        Map<String, RenderedResource> after = index(candidate);
        List<ResourceRef> create = new ArrayList<>();
        List<Update> update = new ArrayList<>();
        List<ResourceRef> delete = new ArrayList<>();
        int unchanged = 0;
        for (var entry : after.entrySet()) {
            RenderedResource was = before.get(entry.getKey());
            if (was == null) {
                create.add(ResourceRef.of(entry.getValue()));
                continue;
            }
            List<JsonDiff.Change> changes = JsonDiff.between(comparable(was), comparable(entry.getValue()));
            if (changes.isEmpty()) {
                unchanged++;
            } else {
                update.add(new Update(ResourceRef.of(entry.getValue()), changes));
            }
        }
        for (var entry : before.entrySet()) {
            if (!after.containsKey(entry.getKey())) {
                delete.add(ResourceRef.of(entry.getValue()));
            }
        }
        return new ClusterChanges(List.copyOf(create), List.copyOf(update), List.copyOf(delete), unchanged);
    }

    private static Map<String, RenderedResource> index(List<RenderedResource> resources) {
        Map<String, RenderedResource> out = new TreeMap<>();
        resources.forEach(r -> out.put(r.key(), r));
        return out;
    }

    private static JsonNode comparable(RenderedResource r) {
        ObjectNode copy = r.manifest().deepCopy();
        JsonNode annotations = copy.at("/metadata/annotations");
        if (annotations instanceof ObjectNode a) {
            a.remove(MeshfleetLabels.REVISION_ANNOTATION);
        }
        return copy;
    }
}
