package dev.meshfleet.agent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Field sets as Kubernetes' structured-merge-diff has them: a path is a list of elements {@code f:<field>},
 * {@code k:<key fields as JSON>} (an associative list's item) or {@code v:<value as JSON>} (a set list's item);
 * {@code fieldsV1} is the trie of a set, with {@code .} marking a node that is itself a member.
 */
final class FieldSets {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Value stand-ins for members that are not leaves: never "modified", only added or removed. */
    static final JsonNode ITEM = TextNode.valueOf("\u0000list item");
    static final JsonNode MAP = TextNode.valueOf("\u0000map");

    private FieldSets() {
    }

    /**
     * Every member of an object's field set with its value, as compared between two versions: leaves (scalars, null,
     * empty objects, atomic lists), items of associative and set lists, and granular maps. Untracked fields
     * (apiVersion, kind, status, server-set metadata) are left out.
     */
    static Map<List<String>, JsonNode> members(JsonNode object) {
        Map<List<String>, JsonNode> out = new LinkedHashMap<>();
        walk(object, List.of(), "", out);
        return out;
    }

    /** What an applier owns for the configuration it applied (structured-merge-diff's ToFieldSet). */
    static Set<List<String>> applied(JsonNode config) {
        Set<List<String>> out = new LinkedHashSet<>();
        members(config).forEach((path, value) -> {
            if (value != MAP) {
                out.add(path);
            }
        });
        return out;
    }

    private static void walk(JsonNode node, List<String> path, String schemaPath, Map<List<String>, JsonNode> out) {
        if (node.isObject()) {
            if (!path.isEmpty() && node.isEmpty()) {
                out.put(path, node);
                return;
            }
            if (!path.isEmpty() && SsaSchema.isMap(schemaPath)) {
                out.put(path, MAP);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (SsaSchema.tracked(schemaPath, field.getKey())) {
                    walk(field.getValue(), append(path, "f:" + field.getKey()), child(schemaPath, field.getKey()), out);
                }
            }
        } else if (node.isArray() && SsaSchema.isSetList(schemaPath)) {
            node.forEach(value -> out.put(append(path, "v:" + json(value)), ITEM));
        } else if (node.isArray() && SsaSchema.listKeys(schemaPath) != null && keyed(node, SsaSchema.listKeys(schemaPath))) {
            for (JsonNode item : node) {
                List<String> itemPath = append(path, key(item, SsaSchema.listKeys(schemaPath)));
                out.put(itemPath, ITEM);
                for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    walk(field.getValue(), append(itemPath, "f:" + field.getKey()), child(schemaPath, field.getKey()), out);
                }
            }
        } else {
            out.put(path, node); // scalar, null or atomic list
        }
    }

    /** Whether every item of a list carries its keys (else the list is treated as atomic, as an invalid one would be refused). */
    private static boolean keyed(JsonNode list, List<String> keys) {
        for (JsonNode item : list) {
            if (!item.isObject() || keys.stream().anyMatch(k -> !item.hasNonNull(k))) {
                return false;
            }
        }
        return true;
    }

    /** The {@code k:} element of an associative list's item: its key fields, in the schema's order. */
    static String key(JsonNode item, List<String> keys) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        keys.forEach(k -> key.set(k, item.get(k)));
        return "k:" + json(key);
    }

    static String child(String schemaPath, String field) {
        return schemaPath.isEmpty() ? field : schemaPath + "." + field;
    }

    static List<String> append(List<String> path, String element) {
        List<String> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(element);
        return List.copyOf(out);
    }

    /** Whether a set holds this path or anything under it. */
    static boolean coversOrContains(Set<List<String>> set, List<String> path) {
        for (List<String> member : set) {
            if (member.size() >= path.size() && member.subList(0, path.size()).equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** The fieldsV1 trie of a set. */
    static ObjectNode toFieldsV1(Set<List<String>> set) {
        Trie root = new Trie();
        for (List<String> path : set) {
            Trie node = root;
            for (String element : path) {
                node = node.children.computeIfAbsent(element, e -> new Trie());
            }
            node.member = true;
        }
        return root.toJson();
    }

    static Set<List<String>> fromFieldsV1(JsonNode fields) {
        Set<List<String>> out = new LinkedHashSet<>();
        read(fields, List.of(), out);
        return out;
    }

    private static void read(JsonNode node, List<String> path, Set<List<String>> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(".")) {
                out.add(path);
            } else if (e.getValue().isEmpty()) {
                out.add(append(path, e.getKey()));
            } else {
                read(e.getValue(), append(path, e.getKey()), out);
            }
        }
    }

    /** A path as Kubernetes prints it in conflicts: {@code .spec.containers[name="app"].image}, {@code [="x"]}. */
    static String print(List<String> path) {
        StringBuilder out = new StringBuilder();
        for (String element : path) {
            String body = element.substring(2);
            if (element.startsWith("f:")) {
                out.append('.').append(body);
            } else if (element.startsWith("v:")) {
                out.append("[=").append(body).append(']');
            } else {
                List<String> parts = new ArrayList<>();
                try {
                    JSON.readTree(body).fields().forEachRemaining(f -> parts.add(f.getKey() + "=" + f.getValue()));
                } catch (JsonProcessingException e) {
                    parts.add(body);
                }
                out.append('[').append(String.join(",", parts)).append(']');
            }
        }
        return out.toString();
    }

    static String json(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Trie {
        boolean member;
        final Map<String, Trie> children = new TreeMap<>();

        ObjectNode toJson() {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            if (member && !children.isEmpty()) {
                out.putObject(".");
            }
            children.forEach((element, child) -> out.set(element, child.toJson()));
            return out;
        }
    }
}
