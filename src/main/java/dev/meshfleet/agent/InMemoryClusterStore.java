package dev.meshfleet.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A cluster kept in memory, for the fleet simulator and tests: applies replace a resource's spec, labels and
 * annotations (Istio's lists are atomic, so a whole-spec replace is what server-side apply does for a single manager);
 * unchanged content is reported UNCHANGED.
 */
public class InMemoryClusterStore implements ClusterStore {
    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final Map<String, ResourceRef> refs = new ConcurrentHashMap<>();
    private final IstioInfo istio;

    public InMemoryClusterStore(IstioInfo istio) {
        this.istio = istio;
    }

    @Override
    public ApplyResult apply(ObjectNode manifest, boolean force) {
        ResourceRef ref = ResourceRef.of(manifest);
        ObjectNode previous = objects.put(ref.identity(), manifest.deepCopy());
        refs.put(ref.identity(), ref);
        return new ApplyResult(manifest.equals(previous) ? Outcome.UNCHANGED : Outcome.APPLIED, null);
    }

    @Override
    public List<ResourceRef> list(Map<String, String> labels) {
        List<ResourceRef> out = new ArrayList<>();
        objects.forEach((id, object) -> {
            JsonNode have = object.at("/metadata/labels");
            if (labels.entrySet().stream().allMatch(l -> l.getValue().equals(have.path(l.getKey()).asText(null)))) {
                out.add(refs.get(id));
            }
        });
        return out;
    }

    @Override
    public ObjectNode get(ResourceRef ref) {
        ObjectNode object = objects.get(ref.identity());
        return object == null ? null : object.deepCopy();
    }

    @Override
    public void delete(ResourceRef ref) {
        objects.remove(ref.identity());
        refs.remove(ref.identity());
    }

    @Override
    public IstioInfo istio() {
        return istio;
    }

    @Override
    public void watchManaged(java.util.function.BiConsumer<ResourceRef, ObjectNode> onChange) {
        // nothing changes an in-memory store behind the agent's back
    }

    public int size() {
        return objects.size();
    }

    public static InMemoryClusterStore currentIstio() {
        return new InMemoryClusterStore(new IstioInfo("1.24.1", Set.of("networking.istio.io/v1", "security.istio.io/v1",
                "networking.istio.io/v1beta1", "security.istio.io/v1beta1")));
    }
}
