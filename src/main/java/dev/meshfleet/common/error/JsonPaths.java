package dev.meshfleet.common.error;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import dev.meshfleet.common.json.TextRules;

/** Turns Jackson's parse errors into field errors with a JSON path and a message a person can act on. */
public final class JsonPaths {
    /** SnakeYAML names its parse events by class, e.g. {@code <org.yaml.snakeyaml.events.MappingStartEvent(...)>}. */
    private static final Pattern YAML_EVENT = Pattern.compile("<?org\\.yaml\\.snakeyaml\\.events\\.(\\w+?)Event(\\([^)]*\\))?>?");
    /** Anything that reads like a Java class name, with or without backticks. */
    private static final Pattern CLASS_NAME = Pattern.compile("`?\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][\\w$]*(?:\\.\\w+\\(\\))?`?");
    private JsonPaths() {
    }

    public static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    public static FieldError toFieldError(JsonProcessingException e) {
        // deserializers wrap what the parser threw in a mapping error: the parser's own is the one that says what
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TextRules.RejectedTextException rejected) {
                return new FieldError(rejected.path(), rejected.reason());
            }
            if (t instanceof StreamConstraintsException limit) {
                String path = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : "$";
                return new FieldError(path, limitMessage(limit.getOriginalMessage()));
            }
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String path = path(unknown.getPath());
            return new FieldError(path, "unknown field '" + unknown.getPropertyName() + "'");
        }
        if (e instanceof InvalidFormatException invalid) {
            String expected = invalid.getTargetType() == null ? "another value" : describe(invalid.getTargetType());
            return new FieldError(path(invalid.getPath()), "invalid value '" + invalid.getValue() + "': expected " + expected);
        }
        if (e instanceof ValueInstantiationException instantiation) {
            String message = instantiation.getCause() != null ? instantiation.getCause().getMessage() : "invalid value";
            return new FieldError(path(instantiation.getPath()), clean(message));
        }
        if (e instanceof InvalidTypeIdException typeId) {
            return new FieldError(path(typeId.getPath()), "unknown type '" + typeId.getTypeId() + "'");
        }
        if (e instanceof MismatchedInputException mismatched) {
            String expected = mismatched.getTargetType() == null ? "another type" : describe(mismatched.getTargetType());
            return new FieldError(path(mismatched.getPath()), "wrong type: expected " + expected);
        }
        if (e instanceof JsonMappingException mapping) {
            return new FieldError(path(mapping.getPath()), clean(mapping.getOriginalMessage()));
        }
        if (e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Duplicate field")) {
            var context = parser.getParsingContext();
            return new FieldError(TextRules.path(context),
                    "the key '" + TextRules.printable(context.getCurrentName()) + "' is given more than once in its object");
        }
        // A syntax error: the location is all there is.
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new FieldError("$", "malformed document" + where + ": " + clean(e.getOriginalMessage()));
    }

    /** Parser limits (nesting, string, number and name lengths) in words, without the library's setting names. */
    static String limitMessage(String original) {
        String text = original == null ? "" : original.toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher max = Pattern.compile("maximum allowed \\((\\d+)").matcher(text);
        String bound = max.find() ? " (at most " + max.group(1) + ")" : "";
        if (text.contains("nesting depth")) {
            return "the document is nested too deeply" + bound.replace(")", " levels)");
        }
        if (text.contains("number")) {
            return "a number is too long" + bound.replace(")", " digits)");
        }
        if (text.contains("name")) {
            return "a field name is too long" + bound.replace(")", " characters)");
        }
        if (text.contains("string")) {
            return "a string is too long" + bound.replace(")", " characters)");
        }
        return "the document is too large" + bound;
    }

    /**
     * A parser's message made fit for a client: the first sentence of SnakeYAML's multi-line report (without its
     * source excerpt), parse events and class names replaced by what they mean.
     */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "invalid value";
        }
        String text = message;
        int excerpt = text.indexOf(" in 'reader'");
        if (excerpt > 0) {
            text = text.substring(0, excerpt);
        }
        text = text.replaceAll("\\s*\\R\\s*", "; ").trim();
        text = YAML_EVENT.matcher(text).replaceAll(m -> switch (m.group(1)) {
            case "MappingStart" -> "a mapping";
            case "SequenceStart" -> "a list";
            case "Scalar" -> "a scalar";
            case "Alias" -> "an alias";
            default -> "something else";
        });
        text = text.replaceAll(",? from `[^`]*`", "");
        text = CLASS_NAME.matcher(text).replaceAll(m -> describeClass(m.group()));
        text = text.replace("(Scalar value in YAML)", "(a scalar)");
        return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
    }

    private static String describeClass(String qualified) {
        String name = qualified.replace("`", "");
        if (name.endsWith("String")) {
            return "a string";
        }
        if (name.endsWith("Integer") || name.endsWith("Long") || name.endsWith("int") || name.endsWith("long")) {
            return "an integer";
        }
        if (name.contains("List") || name.contains("Collection")) {
            return "a list";
        }
        if (name.contains("Map")) {
            return "an object";
        }
        return "the expected type";
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder("one of ");
            Object[] constants = type.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                values.append(i == 0 ? "" : ", ").append(constants[i]);
            }
            return values.toString();
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return type.getSimpleName();
    }
}
