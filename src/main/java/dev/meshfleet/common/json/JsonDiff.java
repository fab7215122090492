package dev.meshfleet.common.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A structural diff of two canonical intent trees that a person can read: one change per added, removed or changed
 * value, with paths that name list items by their name where they have one ({@code spec.services[payment-service]})
 * rather than by position (only for lists whose order means nothing; routes are compared by position). Pure.
 */
public final class JsonDiff {
    public enum Op {
        ADD, REMOVE, CHANGE
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(Op op, String path, JsonNode from, JsonNode to) {
    }

    private final List<Change> changes = new ArrayList<>();

    private JsonDiff() {
    }

    public static List<Change> between(JsonNode from, JsonNode to) {
        JsonDiff diff = new JsonDiff();
        diff.compare("", "", from, to);
        return List.copyOf(diff.changes);
    }

    private void compare(String field, String path, JsonNode a, JsonNode b) {
        if (a == null || a.isMissingNode()) {
            if (b != null && !b.isMissingNode()) {
                changes.add(new Change(Op.ADD, path, null, b));
            }
            return;
        }
        if (b == null || b.isMissingNode()) {
            changes.add(new Change(Op.REMOVE, path, a, null));
            return;
        }
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                compare(key, path.isEmpty() ? key : path + "." + key, a.get(key), b.get(key));
            }
        } else if (a.isArray() && b.isArray()) {
            String keyField = KeyedLists.diffKey(field);
            Map<String, JsonNode> keyedA = keyField == null ? null : keyed(a, keyField);
            Map<String, JsonNode> keyedB = keyField == null ? null : keyed(b, keyField);
            if (keyedA != null && keyedB != null) {
                for (var entry : keyedA.entrySet()) {
                    compare(field, path + "[" + entry.getKey() + "]", entry.getValue(), keyedB.get(entry.getKey()));
                }
                for (var entry : keyedB.entrySet()) {
                    if (!keyedA.containsKey(entry.getKey())) {
                        changes.add(new Change(Op.ADD, path + "[" + entry.getKey() + "]", null, entry.getValue()));
                    }
                }
            } else {
                int common = Math.min(a.size(), b.size());
                for (int i = 0; i < common; i++) {
                    compare(field, path + "[" + i + "]", a.get(i), b.get(i));
                }
                for (int i = common; i < a.size(); i++) {
                    changes.add(new Change(Op.REMOVE, path + "[" + i + "]", a.get(i), null));
                }
                for (int i = common; i < b.size(); i++) {
                    changes.add(new Change(Op.ADD, path + "[" + i + "]", null, b.get(i)));
                }
            }
        } else {
            changes.add(new Change(Op.CHANGE, path, a, b));
        }
    }

    /** Items of a set-like list keyed by their identifying field, or null when some item lacks a unique key. */
    private static Map<String, JsonNode> keyed(JsonNode array, String keyField) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext();) {
            JsonNode item = it.next();
            JsonNode key = item.get(keyField);
            if (!item.isObject() || key == null || !key.isValueNode() || byKey.putIfAbsent(key.asText(), item) != null) {
                return null;
            }
        }
        return byKey;
    }
}
