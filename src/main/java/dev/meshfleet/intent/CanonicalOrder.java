package dev.meshfleet.intent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.common.json.KeyedLists;

/**
 * Sorts the lists of an intent tree whose order means nothing (each item is identified by a key), so reordering them
 * changes neither the hash nor the diff. Route lists are never reordered: first match wins there.
 */
final class CanonicalOrder {
    /** Plain string lists that are sets. */
    private static final Set<String> STRING_SETS = Set.of("denyAllNamespaces", "exportTo");

    private CanonicalOrder() {
    }

    static JsonNode apply(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            fields.forEachRemaining(entries::add);
            for (Map.Entry<String, JsonNode> entry : entries) {
                JsonNode child = apply(entry.getValue());
                if (child instanceof ArrayNode array) {
                    sortIfSetLike(entry.getKey(), array);
                }
                object.set(entry.getKey(), child);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, apply(array.get(i)));
            }
        }
        return node;
    }

    private static void sortIfSetLike(String field, ArrayNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        String key = KeyedLists.keyField(field);
        if (key != null && items.stream().allMatch(JsonNode::isObject)) {
            // resources are keyed by kind, then namespace and name
            Comparator<JsonNode> order = Comparator.comparing(n -> n.path(key).asText());
            if (field.equals("resources")) {
                order = order.thenComparing(n -> n.path("metadata").path("namespace").asText())
                        .thenComparing(n -> n.path("metadata").path("name").asText());
            }
            if (field.equals("ports")) {
                order = Comparator.comparingLong(n -> n.path(key).asLong());
            }
            items.sort(order);
        } else if (STRING_SETS.contains(field) && items.stream().allMatch(JsonNode::isTextual)) {
            items.sort(Comparator.comparing(JsonNode::asText));
        } else {
            return;
        }
        array.removeAll();
        items.forEach(array::add);
    }
}
