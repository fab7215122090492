package dev.meshfleet.agent;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.common.json.JsonDiff;
import dev.meshfleet.protocol.Drift;
import dev.meshfleet.protocol.MeshfleetLabels;

/**
 * Notices changes others make to managed resources: compares each change the informers see with what the agent last
 * applied (same revision annotation, different spec, labels or annotations, or deleted), records who changed it (the
 * latest other field manager the cluster lists) and which fields, and corrects it by re-applying when the mesh's policy
 * says "correct" (the default). Events showing another revision are applies, never drift: a newer one is not undone.
 */
public class DriftWatch implements BiConsumer<ResourceRef, ObjectNode> {
    private static final int KEEP = 50;

    /** What was last applied, per resource identity, with the mesh and whether drift is corrected. */
    record Applied(String mesh, ObjectNode manifest, boolean correct) {
    }

    private final ClusterStore store;
    private final Map<String, Applied> applied = new ConcurrentHashMap<>();
    private final Map<String, Deque<Drift>> driftByMesh = new ConcurrentHashMap<>();
    private final BiConsumer<String, List<Drift>> reporter;

    public DriftWatch(ClusterStore store, BiConsumer<String, List<Drift>> reporter) {
        this.store = store;
        this.reporter = reporter;
    }

    public void remember(String mesh, List<JsonNode> manifests, boolean correct) {
        applied.entrySet().removeIf(e -> e.getValue().mesh().equals(mesh));
        for (JsonNode m : manifests) {
            applied.put(ResourceRef.of(m).identity(), new Applied(mesh, (ObjectNode) m, correct));
        }
    }

    public void forget(String mesh) {
        applied.entrySet().removeIf(e -> e.getValue().mesh().equals(mesh));
        driftByMesh.remove(mesh);
    }

    public List<Drift> recent(String mesh) {
        Deque<Drift> drift = driftByMesh.get(mesh);
        return drift == null ? List.of() : List.copyOf(drift);
    }

    @Override
    public void accept(ResourceRef ref, ObjectNode live) {
        Applied expected = applied.get(ref.identity());
        if (expected == null) {
            return;
        }
        ObjectNode desired = expected.manifest();
        List<String> fields;
        if (live == null) {
            fields = List.of("(deleted)");
        } else {
            String liveRevision = live.at("/metadata/annotations").path(MeshfleetLabels.REVISION_ANNOTATION).asText("");
            String desiredRevision = desired.at("/metadata/annotations").path(MeshfleetLabels.REVISION_ANNOTATION).asText("");
            if (!liveRevision.isEmpty() && !liveRevision.equals(desiredRevision)) {
                // another revision's apply (ours, earlier or later): not someone else's change; never undo a newer one
                return;
            }
            fields = diff(desired, live);
            if (fields.isEmpty()) {
                return;
            }
        }
        boolean corrected = false;
        if (expected.correct()) {
            ClusterStore.ApplyResult result = store.apply(desired.deepCopy(), true);
            corrected = result.outcome() == ClusterStore.Outcome.APPLIED || result.outcome() == ClusterStore.Outcome.UNCHANGED;
        }
        Drift drift = new Drift(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(), fields, manager(live),
                OffsetDateTime.now(ZoneOffset.UTC), corrected);
        Deque<Drift> recent = driftByMesh.computeIfAbsent(expected.mesh(), m -> new ConcurrentLinkedDeque<>());
        recent.addFirst(drift);
        while (recent.size() > KEEP) {
            recent.removeLast();
        }
        reporter.accept(expected.mesh(), recent(expected.mesh()));
    }

    /** Field paths where the live object differs from what was applied: spec, labels and annotations. */
    static List<String> diff(ObjectNode desired, ObjectNode live) {
        List<String> fields = new ArrayList<>();
        for (String part : List.of("spec", "metadata/labels", "metadata/annotations")) {
            JsonNode want = desired.at("/" + part);
            JsonNode have = live.at("/" + part);
            if (part.equals("metadata/labels") || part.equals("metadata/annotations")) {
                // only what Meshfleet set matters; others may add their own labels and annotations
                want.fields().forEachRemaining(e -> {
                    if (!e.getValue().equals(have.get(e.getKey()))) {
                        fields.add(part.replace('/', '.') + "." + e.getKey());
                    }
                });
                continue;
            }
            JsonDiff.between(want.isMissingNode() ? null : want, have.isMissingNode() ? null : have)
                    .forEach(c -> fields.add(c.path().isEmpty() ? part : part + "." + c.path()));
        }
        return fields;
    }

    /** The latest field manager other than Meshfleet that the cluster lists for the object. */
    static String manager(ObjectNode live) {
        if (live == null) {
            return null;
        }
        String manager = null;
        String latest = "";
        for (JsonNode entry : live.at("/metadata/managedFields")) {
            String name = entry.path("manager").asText();
            String time = entry.path("time").asText("");
            if (!name.equals(ClusterStore.FIELD_MANAGER) && time.compareTo(latest) >= 0) {
                manager = name;
                latest = time;
            }
        }
        return manager;
    }
}
