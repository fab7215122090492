package dev.meshfleet.intent.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.intent.model.MeshIntent;

/**
 * Finds {@code null} items in any list of an intent ({@code methods: [null]}), with their path. A generic walk rather
 * than a check per field: every list of the model is covered, including ones added later, and no later check or the
 * renderer ever sees a null item (which rendered as {@code methods: [null]}, a resource Istio refuses). Pure.
 */
final class NullListElements {
    /** Absent fields are left out, so a null that remains in the tree is an item of a list or a map value. */
    private static final ObjectMapper TREE = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private NullListElements() {
    }

    static JsonNode tree(MeshIntent intent) {
        return TREE.valueToTree(intent);
    }

    /** In a tree of the intent written without absent (null) fields. */
    static List<FieldError> find(JsonNode tree) {
        List<FieldError> errors = new ArrayList<>();
        walk(tree, "$", errors);
        return errors;
    }

    private static void walk(JsonNode node, String path, List<FieldError> errors) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = path + "[" + i + "]";
                if (node.get(i).isNull()) {
                    errors.add(new FieldError(p, "must not be null"));
                } else {
                    walk(node.get(i), p, errors);
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                walk(field.getValue(), path + "." + field.getKey(), errors);
            }
        }
    }
}
