package dev.meshfleet.render.schema;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validates a JSON tree against a Kubernetes structural schema (the OpenAPI v3 subset CRDs use): types with
 * {@code nullable}, properties with unknown fields refused (unless {@code x-kubernetes-preserve-unknown-fields} or
 * {@code additionalProperties}), required, enum, numeric bounds and int32/uint32 formats, string length and pattern,
 * item and property counts, {@code x-kubernetes-int-or-string}, oneOf/anyOf/allOf/not, and the CEL rules
 * ({@code x-kubernetes-validations}) through their mirrors in {@link CelRules}. Pure; the schema nodes are read-only
 * and patterns are cached, so one instance serves all threads.
 */
public final class SchemaValidator {
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private SchemaValidator() {
    }

    /** Errors as "path: message", empty when the value conforms. */
    public static void validate(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (schema == null || schema.isMissingNode()) {
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(path + ": must not be null");
            }
            return;
        }
        if (!typeMatches(value, schema)) {
            errors.add(path + ": must be " + expected(schema) + ", not " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && !contains(enumValues, value)) {
            errors.add(path + ": '" + value.asText() + "' is not one of " + enumValues);
        }
        if (value.isNumber()) {
            numeric(value, schema, path, errors);
        } else if (value.isTextual()) {
            text(value.asText(), schema, path, errors);
        } else if (value.isObject()) {
            object(value, schema, path, errors);
        } else if (value.isArray()) {
            array(value, schema, path, errors);
        }
        combinators(value, schema, path, errors);
        JsonNode celRules = schema.get("x-kubernetes-validations");
        if (celRules != null) {
            CelRules.check(value, celRules, path, errors);
        }
    }

    private static boolean typeMatches(JsonNode value, JsonNode schema) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return value.isIntegralNumber() || value.isTextual();
        }
        String type = schema.path("type").asText("");
        return switch (type) {
            case "" -> true;
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String expected(JsonNode schema) {
        return schema.path("x-kubernetes-int-or-string").asBoolean(false) ? "an integer or a string"
                : "of type " + schema.path("type").asText();
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value) || (v.isTextual() && value.isTextual() && v.asText().equals(value.asText()))) {
                return true;
            }
        }
        return false;
    }

    private static void numeric(JsonNode value, JsonNode schema, String path, List<String> errors) {
        double d = value.asDouble();
        if (schema.has("minimum") && d < schema.get("minimum").asDouble()) {
            errors.add(path + ": must be at least " + schema.get("minimum").asText());
        }
        if (schema.has("maximum") && d > schema.get("maximum").asDouble()) {
            errors.add(path + ": must be at most " + schema.get("maximum").asText());
        }
        String format = schema.path("format").asText("");
        if (format.equals("int32") && (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE)) {
            errors.add(path + ": must fit in int32");
        } else if (format.equals("uint32") && (d < 0 || d > 4294967295.0)) {
            errors.add(path + ": must fit in uint32");
        }
    }

    private static void text(String s, JsonNode schema, String path, List<String> errors) {
        if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt()) {
            errors.add(path + ": must be at most " + schema.get("maxLength").asInt() + " characters");
        }
        if (schema.has("minLength") && s.length() < schema.get("minLength").asInt()) {
            errors.add(path + ": must be at least " + schema.get("minLength").asInt() + " characters");
        }
        if (schema.has("pattern")) {
            String regex = schema.get("pattern").asText();
            if (!PATTERNS.computeIfAbsent(regex, Pattern::compile).matcher(s).find()) {
                errors.add(path + ": must match " + regex);
            }
        }
    }

    private static void object(JsonNode value, JsonNode schema, String path, List<String> errors) {
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String childPath = path + "." + field.getKey();
            JsonNode propertySchema = properties == null ? null : properties.get(field.getKey());
            if (propertySchema != null) {
                validate(field.getValue(), propertySchema, childPath, errors);
            } else if (additional != null && additional.isObject()) {
                validate(field.getValue(), additional, childPath, errors);
            } else if (!preserveUnknown && !(additional != null && additional.asBoolean(false)) && properties != null) {
                errors.add(childPath + ": unknown field");
            }
        }
        JsonNode required = schema.get("required");
        if (required != null) {
            for (JsonNode name : required) {
                if (!value.has(name.asText())) {
                    errors.add(path + "." + name.asText() + ": is required");
                }
            }
        }
        if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asInt()) {
            errors.add(path + ": must have at most " + schema.get("maxProperties").asInt() + " entries");
        }
        if (schema.has("minProperties") && value.size() < schema.get("minProperties").asInt()) {
            errors.add(path + ": must have at least " + schema.get("minProperties").asInt() + " entries");
        }
    }

    private static void array(JsonNode value, JsonNode schema, String path, List<String> errors) {
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            errors.add(path + ": must have at most " + schema.get("maxItems").asInt() + " items");
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(path + ": must have at least " + schema.get("minItems").asInt() + " items");
        }
        JsonNode items = schema.get("items");
        if (items != null) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), items, path + "[" + i + "]", errors);
            }
        }
    }

    /** oneOf/anyOf/allOf/not: in CRDs these carry only structural constraints (mostly "required"), checked in place. */
    private static void combinators(JsonNode value, JsonNode schema, String path, List<String> errors) {
        JsonNode allOf = schema.get("allOf");
        if (allOf != null) {
            for (JsonNode s : allOf) {
                validate(value, s, path, errors);
            }
        }
        JsonNode anyOf = schema.get("anyOf");
        if (anyOf != null && countMatching(value, anyOf, path) == 0) {
            errors.add(path + ": matches none of the allowed forms (anyOf)");
        }
        JsonNode oneOf = schema.get("oneOf");
        if (oneOf != null && countMatching(value, oneOf, path) != 1) {
            errors.add(path + ": must match exactly one allowed form (oneOf); set only one of the alternative fields");
        }
        JsonNode not = schema.get("not");
        if (not != null && conforms(value, not, path)) {
            errors.add(path + ": matches a forbidden form (not)");
        }
    }

    private static int countMatching(JsonNode value, JsonNode alternatives, String path) {
        int matching = 0;
        for (JsonNode alternative : alternatives) {
            if (conforms(value, alternative, path)) {
                matching++;
            }
        }
        return matching;
    }

    private static boolean conforms(JsonNode value, JsonNode schema, String path) {
        List<String> scratch = new java.util.ArrayList<>();
        validate(value, schema, path, scratch);
        return scratch.isEmpty();
    }
}
