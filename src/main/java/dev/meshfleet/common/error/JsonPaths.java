package dev.meshfleet.common.error;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Turns Jackson's parse errors into field errors with a JSON path and a message a person can act on. */
public final class JsonPaths {
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
            return new FieldError(path(instantiation.getPath()), message);
        }
        if (e instanceof InvalidTypeIdException typeId) {
            return new FieldError(path(typeId.getPath()), "unknown type '" + typeId.getTypeId() + "'");
        }
        if (e instanceof MismatchedInputException mismatched) {
            String expected = mismatched.getTargetType() == null ? "another type" : describe(mismatched.getTargetType());
            return new FieldError(path(mismatched.getPath()), "wrong type: expected " + expected);
        }
        if (e instanceof JsonMappingException mapping) {
            return new FieldError(path(mapping.getPath()), mapping.getOriginalMessage());
        }
        // A syntax error: the location is all there is.
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new FieldError("$", "malformed document" + where + ": " + e.getOriginalMessage());
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
