package dev.meshfleet.agent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' field management (structured-merge-diff's Updater and the apiserver's fieldmanager), over JSON:
 * who owns which field, what an apply or an update does to the object and to the owners, and when an apply
 * conflicts. See https://kubernetes.io/docs/reference/using-api/server-side-apply/ .
 */
final class FieldManager {
    static final String APPLY = "Apply";
    static final String UPDATE = "Update";

    /** One managedFields entry. Appliers are one entry per manager; updaters one per manager and apiVersion. */
    record Entry(String manager, String operation, String apiVersion, String time, Set<List<String>> fields) {
        String identity() {
            return operation.equals(APPLY) ? manager + "\u0000" + APPLY : manager + "\u0000" + UPDATE + "\u0000" + apiVersion;
        }

        /** As conflict messages name it: {@code "kubectl"}, or {@code "kubectl-edit" using v1} for an updater. */
        String printed() {
            return '"' + manager + '"' + (operation.equals(UPDATE) ? " using " + apiVersion : "");
        }
    }

    record Conflict(Entry owner, List<String> path) {
    }

    /** An apply refused: the fields other managers own with another value. */
    static final class ConflictException extends Exception {
        final List<Conflict> conflicts;

        ConflictException(List<Conflict> conflicts) {
            super(message(conflicts), null, false, false);
            this.conflicts = conflicts;
        }
    }

    /** The object an operation produces, with its managedFields set; {@code changed} false: nothing to write. */
    record Result(ObjectNode object, boolean changed) {
    }

    private FieldManager() {
    }

    /** A server-side apply of {@code config} by {@code manager} to {@code live} (null: absent). */
    static Result apply(ObjectNode live, ObjectNode config, String manager, boolean force) throws ConflictException {
        ObjectNode base = live == null ? emptyLike(config) : live;
        Map<String, Entry> owners = decode(base);
        Entry self = new Entry(manager, APPLY, config.path("apiVersion").asText(), null, FieldSets.applied(config));
        Entry last = owners.remove(self.identity());
        ObjectNode merged = ObjectEdits.merge(base, config);
        if (last != null) {
            // field removal: what this applier set last time and no longer does, and no one else owns, goes
            Set<List<String>> stillOwned = new LinkedHashSet<>(self.fields());
            owners.values().forEach(o -> stillOwned.addAll(o.fields()));
            for (List<String> path : last.fields()) {
                if (!FieldSets.coversOrContains(stillOwned, path)) {
                    ObjectEdits.remove(merged, path);
                }
            }
        }
        Comparison diff = compare(base, merged);
        List<Conflict> conflicts = new ArrayList<>();
        for (Entry other : owners.values()) {
            for (List<String> path : other.fields()) {
                if (diff.modified.contains(path) || diff.added.contains(path)) {
                    conflicts.add(new Conflict(other, path));
                }
            }
        }
        if (!conflicts.isEmpty() && !force) {
            throw new ConflictException(conflicts);
        }
        Map<String, Entry> next = new LinkedHashMap<>();
        for (Entry other : owners.values()) {
            Set<List<String>> kept = new LinkedHashSet<>(other.fields());
            conflicts.stream().filter(c -> c.owner() == other).forEach(c -> kept.remove(c.path())); // forced: taken over
            kept.removeAll(diff.removed);
            put(next, other, kept, other.time());
        }
        boolean mine = last == null || !last.fields().equals(self.fields()) || !diff.isSame();
        put(next, self, self.fields(), mine ? now() : last.time());
        return result(live, merged, next);
    }

    /**
     * A non-apply write (create, PUT, merge or JSON patch) by {@code manager}: it takes every field it changes from
     * whoever owned it (no conflicts), fields it removes leave every owner, and its Update entry gains what it changed.
     * managedFields in the new object: absent or empty keeps the live ones, {@code [{}]} clears them, anything else
     * replaces them (as the API server allows).
     */
    static Result update(ObjectNode live, ObjectNode updated, String manager) {
        ObjectNode base = live == null ? emptyLike(updated) : live;
        JsonNode given = updated.at("/metadata/managedFields");
        Map<String, Entry> owners;
        if (given.isArray() && given.size() == 1 && given.get(0).isEmpty()) {
            owners = new LinkedHashMap<>();
        } else if (given.isArray() && !given.isEmpty()) {
            owners = decode(updated);
        } else {
            owners = decode(base);
        }
        Entry self = new Entry(manager, UPDATE, updated.path("apiVersion").asText(), null, Set.of());
        Comparison diff = compare(base, updated);
        Map<String, Entry> next = new LinkedHashMap<>();
        Set<List<String>> changed = new LinkedHashSet<>(diff.added);
        changed.addAll(diff.modified);
        for (Entry other : owners.values()) {
            Set<List<String>> kept = new LinkedHashSet<>(other.fields());
            kept.removeAll(diff.removed);
            if (!other.identity().equals(self.identity())) {
                kept.removeAll(changed);
                put(next, other, kept, other.time());
            }
        }
        Entry previous = owners.get(self.identity());
        Set<List<String>> mine = new LinkedHashSet<>(previous == null ? Set.of() : previous.fields());
        mine.removeAll(diff.removed);
        mine.addAll(changed);
        put(next, self, mine, diff.isSame() && previous != null ? previous.time() : now());
        return result(live, updated, next);
    }

    private static Result result(ObjectNode live, ObjectNode object, Map<String, Entry> owners) {
        ObjectNode out = object.deepCopy();
        List<Entry> entries = new ArrayList<>(owners.values());
        // the apiserver's order: operation, then time (seconds), then manager, then apiVersion
        entries.sort(Comparator.comparing(Entry::operation).thenComparing(e -> e.time() == null ? "" : e.time())
                .thenComparing(Entry::manager).thenComparing(Entry::apiVersion));
        ArrayNode encoded = JsonNodeFactory.instance.arrayNode();
        for (Entry e : entries) {
            ObjectNode entry = encoded.addObject();
            entry.put("manager", e.manager()).put("operation", e.operation()).put("apiVersion", e.apiVersion())
                    .put("time", e.time()).put("fieldsType", "FieldsV1");
            entry.set("fieldsV1", FieldSets.toFieldsV1(e.fields()));
        }
        ObjectNode metadata = out.with("metadata");
        if (encoded.isEmpty()) {
            metadata.remove("managedFields");
        } else {
            metadata.set("managedFields", encoded);
        }
        return new Result(out, live == null || !out.equals(live));
    }

    private static void put(Map<String, Entry> owners, Entry entry, Set<List<String>> fields, String time) {
        if (!fields.isEmpty()) {
            owners.put(entry.identity(), new Entry(entry.manager(), entry.operation(), entry.apiVersion(), time, fields));
        }
    }

    static Map<String, Entry> decode(JsonNode object) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (JsonNode e : object.at("/metadata/managedFields")) {
            Entry entry = new Entry(e.path("manager").asText(), e.path("operation").asText(UPDATE),
                    e.path("apiVersion").asText(), e.path("time").isTextual() ? e.path("time").asText() : null,
                    FieldSets.fromFieldsV1(e.path("fieldsV1")));
            out.put(entry.identity(), entry);
        }
        return out;
    }

    /** The three sets of structured-merge-diff's Compare, over tracked members. */
    record Comparison(Set<List<String>> added, Set<List<String>> modified, Set<List<String>> removed) {
        boolean isSame() {
            return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
        }
    }

    static Comparison compare(JsonNode before, JsonNode after) {
        Map<List<String>, JsonNode> was = FieldSets.members(before);
        Map<List<String>, JsonNode> is = FieldSets.members(after);
        Set<List<String>> added = new LinkedHashSet<>();
        Set<List<String>> modified = new LinkedHashSet<>();
        Set<List<String>> removed = new LinkedHashSet<>(was.keySet());
        removed.removeAll(is.keySet());
        is.forEach((path, value) -> {
            JsonNode old = was.get(path);
            if (old == null) {
                added.add(path);
            } else if (!old.equals(value)) {
                modified.add(path);
            }
        });
        return new Comparison(added, modified, removed);
    }

    /** Seconds, UTC, as the API server writes metav1.Time. */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static ObjectNode emptyLike(ObjectNode object) {
        ObjectNode empty = JsonNodeFactory.instance.objectNode();
        empty.set("apiVersion", object.get("apiVersion"));
        empty.set("kind", object.get("kind"));
        empty.putObject("metadata");
        return empty;
    }

    /** Kubernetes' wording: one conflict inline; several grouped per manager, managers sorted. */
    static String message(List<Conflict> conflicts) {
        if (conflicts.size() == 1) {
            Conflict c = conflicts.get(0);
            return "Apply failed with 1 conflict: conflict with " + c.owner().printed() + ": " + FieldSets.print(c.path());
        }
        Map<String, List<String>> byManager = new TreeMap<>();
        conflicts.forEach(c -> byManager.computeIfAbsent(c.owner().printed(), m -> new ArrayList<>())
                .add(FieldSets.print(c.path())));
        List<String> lines = new ArrayList<>();
        byManager.forEach((manager, paths) -> {
            lines.add("conflicts with " + manager + ":");
            paths.forEach(p -> lines.add("- " + p));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }
}
