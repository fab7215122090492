package dev.meshfleet.intent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.JsonPaths;
import dev.meshfleet.common.error.PayloadTooLargeException;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.common.json.TextRules;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.validation.IntentValidator;

/**
 * Reads intent documents strictly (YAML or JSON: unknown fields, duplicate keys and wrong scalar types are refused with
 * the JSON path of the field) and writes their canonical form: nulls dropped, object keys sorted, and lists whose order
 * carries no meaning (services, versions, gateways, policies, ...) sorted by name, so that a diff shows only meaningful
 * changes and equal intent has an equal hash. Pure: no framework types.
 */
public final class IntentCodec {
    public static final String API_VERSION = "meshfleet.dev/v1";
    public static final String KIND = "Mesh";
    /** The largest intent document accepted (characters of YAML or JSON), documented in README.md. */
    public static final int MAX_DOCUMENT_CHARS = 1024 * 1024;

    private static final ObjectMapper JSON_READER = strict(JsonMapper.builder().build());
    private static final ObjectMapper YAML_READER = strict(YAMLMapper.builder().build());
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();
    private static final ObjectMapper YAML_WRITER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private IntentCodec() {
    }

    /** A parsed, valid intent with its canonical JSON and that JSON's SHA-256. */
    public record CanonicalIntent(MeshIntent model, JsonNode tree, String json, String sha256) {
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // No silent conversions: "90" is not a number, 5 is not a string, 1.5 is not an integer.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /** Parses a document as YAML (which includes JSON) or strictly as JSON; structural errors are thrown with paths. */
    public static MeshIntent parse(String document, boolean json) {
        if (document == null || document.isBlank()) {
            throw ValidationException.of("$", "the intent document is empty");
        }
        if (document.length() > MAX_DOCUMENT_CHARS) {
            throw new PayloadTooLargeException("the intent document has " + document.length()
                    + " characters; at most " + MAX_DOCUMENT_CHARS + " are accepted");
        }
        ObjectMapper reader = json ? JSON_READER : YAML_READER;
        // every string, in any field, is checked for NUL characters (which PostgreSQL cannot store) with its path
        try (JsonParser parser = TextRules.enforce(reader.createParser(document), MAX_DOCUMENT_CHARS)) {
            MeshIntent intent = reader.readValue(parser, MeshIntent.class);
            if (intent == null) {
                throw ValidationException.of("$", "the intent document is empty");
            }
            return intent;
        } catch (JsonProcessingException e) {
            FieldError error = JsonPaths.toFieldError(e);
            throw new ValidationException(error.path() + ": " + error.message(), List.of(error));
        } catch (java.io.IOException e) {
            throw ValidationException.of("$", "the intent document could not be read");
        }
    }

    /** Parses, validates and canonicalises; throws {@link ValidationException} listing every invalid field. */
    public static CanonicalIntent accept(String document, boolean json, String meshName) {
        return validated(parse(document, json), meshName);
    }

    /** A stored revision checked again as a new one would be (for a restore: the rules may have grown since). */
    public static CanonicalIntent acceptStored(JsonNode stored, String meshName) {
        return validated(fromStored(stored).model(), meshName);
    }

    private static CanonicalIntent validated(MeshIntent intent, String meshName) {
        // one tree of the (immutable) model serves the null-item check and then, put in canonical order, the hash
        JsonNode tree = CANONICAL.valueToTree(intent);
        List<FieldError> errors = IntentValidator.validate(intent, tree, meshName);
        if (!errors.isEmpty()) {
            String summary = errors.size() == 1 ? errors.get(0).path() + ": " + errors.get(0).message()
                    : "the intent has " + errors.size() + " errors";
            throw new ValidationException(summary, errors);
        }
        return fromTree(intent, CanonicalOrder.apply(tree));
    }

    public static CanonicalIntent canonical(MeshIntent intent) {
        JsonNode tree = CanonicalOrder.apply(CANONICAL.valueToTree(intent));
        return fromTree(intent, tree);
    }

    /** Re-reads a stored canonical document (already valid). */
    public static CanonicalIntent fromStored(JsonNode stored) {
        try {
            MeshIntent intent = JSON_READER.treeToValue(stored, MeshIntent.class);
            return fromTree(intent, CanonicalOrder.apply(CANONICAL.valueToTree(intent)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored intent revision no longer parses", e);
        }
    }

    private static CanonicalIntent fromTree(MeshIntent intent, JsonNode tree) {
        try {
            String json = CANONICAL.writeValueAsString(tree);
            return new CanonicalIntent(intent, tree, json, sha256(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("intent is not serialisable", e);
        }
    }

    public static String toYaml(JsonNode tree) {
        try {
            return YAML_WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("intent is not serialisable", e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isJsonMediaType(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    }
}
