package dev.meshfleet.agent;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Edits of an object's JSON the way the API server makes them: apply's merge, removal of a field path, merge patch. */
final class ObjectEdits {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private ObjectEdits() {
    }

    /**
     * An applied configuration merged into the live object: objects per field, associative lists per key (items
     * merged), set lists as a union, atomic lists and scalars replaced. Untracked fields keep the live value.
     */
    static ObjectNode merge(ObjectNode live, ObjectNode config) {
        return (ObjectNode) merge(live, config, "");
    }

    private static JsonNode merge(JsonNode live, JsonNode config, String schemaPath) {
        if (live != null && live.isObject() && config.isObject()) {
            ObjectNode out = ((ObjectNode) live).deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (schemaPath.isEmpty() && field.getKey().equals("status")) {
                    continue; // the status subresource's: an apply to the object itself leaves it alone
                }
                if (SsaSchema.tracked(schemaPath, field.getKey()) || !out.has(field.getKey())) {
                    out.set(field.getKey(), merge(out.get(field.getKey()), field.getValue(),
                            FieldSets.child(schemaPath, field.getKey())));
                }
            }
            return out;
        }
        if (live != null && live.isArray() && config.isArray()) {
            if (SsaSchema.isSetList(schemaPath)) {
                ArrayNode out = ((ArrayNode) live).deepCopy();
                config.forEach(v -> {
                    if (!contains(out, v)) {
                        out.add(v.deepCopy());
                    }
                });
                return out;
            }
            List<String> keys = SsaSchema.listKeys(schemaPath);
            if (keys != null) {
                ArrayNode out = ((ArrayNode) live).deepCopy();
                for (JsonNode item : config) {
                    int at = indexOf(out, FieldSets.key(item, keys), keys);
                    if (at < 0) {
                        out.add(item.deepCopy());
                    } else {
                        out.set(at, merge(out.get(at), item, schemaPath));
                    }
                }
                return out;
            }
        }
        return config.deepCopy();
    }

    /**
     * Removes the field a path names (a list item for {@code k:}/{@code v:}). Objects left empty by the removal go
     * too, up to (not including) the top-level fields, as Kubernetes drops maps and structs it emptied.
     */
    static void remove(ObjectNode object, List<String> path) {
        JsonNode parent = find(object, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent == null) {
            return;
        }
        if (parent instanceof ObjectNode o && last.startsWith("f:")) {
            o.remove(last.substring(2));
        } else if (parent instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                if (matches(list.get(i), last)) {
                    list.remove(i);
                    break;
                }
            }
        }
        if (path.size() > 2 && parent.isObject() && parent.isEmpty()) {
            remove(object, path.subList(0, path.size() - 1));
        }
    }

    /** The node at a path, or null. */
    static JsonNode find(JsonNode object, List<String> path) {
        JsonNode node = object;
        for (String element : path) {
            if (node == null) {
                return null;
            }
            if (element.startsWith("f:")) {
                node = node.isObject() ? node.get(element.substring(2)) : null;
            } else {
                JsonNode found = null;
                if (node.isArray()) {
                    for (JsonNode item : node) {
                        if (matches(item, element)) {
                            found = item;
                            break;
                        }
                    }
                }
                node = found;
            }
        }
        return node;
    }

    private static boolean matches(JsonNode item, String element) {
        if (element.startsWith("v:")) {
            return FieldSets.json(item).equals(element.substring(2));
        }
        if (!item.isObject()) {
            return false;
        }
        JsonNode key = parse(element.substring(2));
        for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> k = it.next();
            if (!k.getValue().equals(item.get(k.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ArrayNode list, String keyElement, List<String> keys) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).isObject() && keys.stream().allMatch(list.get(i)::hasNonNull)
                    && FieldSets.key(list.get(i), keys).equals(keyElement)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode v : list) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 7386 JSON merge patch (also how the API server treats a strategic merge patch of a custom resource's list). */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                out.remove(field.getKey());
            } else {
                out.set(field.getKey(), mergePatch(out.get(field.getKey()), field.getValue()));
            }
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
