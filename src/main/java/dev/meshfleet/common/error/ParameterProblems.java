package dev.meshfleet.common.error;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Finds which query or path parameter of a resource method could not be converted to its Java type (Quarkus REST only
 * says that one failed, as a 404), so the client gets a 400 naming it.
 */
public final class ParameterProblems {
    private ParameterProblems() {
    }

    public static List<FieldError> find(Method method, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        if (method == null) {
            return errors;
        }
        for (Parameter parameter : method.getParameters()) {
            String query = name(parameter, true);
            String path = name(parameter, false);
            if (query != null) {
                check(parameter.getType(), query, uri.getQueryParameters(), errors);
            } else if (path != null) {
                check(parameter.getType(), path, uri.getPathParameters(), errors);
            }
        }
        return errors;
    }

    private static void check(Class<?> type, String name, MultivaluedMap<String, String> values, List<FieldError> errors) {
        List<String> raw = values.get(name);
        if (raw == null || type == String.class) {
            return;
        }
        for (String value : raw) {
            String expected = parses(type, value);
            if (expected != null) {
                errors.add(new FieldError(name, "'" + abbreviate(value) + "' is not " + expected));
                return;
            }
        }
    }

    /** Null when the value converts to the type, else what was expected. */
    static String parses(Class<?> type, String value) {
        try {
            if (type == Integer.class || type == int.class) {
                Integer.parseInt(value);
                return null;
            }
            if (type == Long.class || type == long.class) {
                Long.parseLong(value);
                return null;
            }
            if (type == Boolean.class || type == boolean.class) {
                return value.equals("true") || value.equals("false") ? null : "true or false";
            }
            if (type == UUID.class) {
                UUID.fromString(value);
                return null;
            }
            if (type == Double.class || type == double.class) {
                Double.parseDouble(value);
                return null;
            }
            if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(value)) {
                        return null;
                    }
                }
                return "one of " + java.util.Arrays.toString(type.getEnumConstants());
            }
            return null;
        } catch (IllegalArgumentException e) {
            if (type == Integer.class || type == int.class) {
                return "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            }
            if (type == Long.class || type == long.class) {
                return "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
            }
            return type == UUID.class ? "a UUID" : "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
        }
    }

    private static String name(Parameter parameter, boolean query) {
        for (Annotation a : parameter.getAnnotations()) {
            String explicit = query
                    ? a instanceof RestQuery r ? r.value() : a instanceof QueryParam q ? q.value() : null
                    : a instanceof RestPath r ? r.value() : a instanceof PathParam p ? p.value() : null;
            if (explicit != null) {
                return explicit.isEmpty() ? parameter.getName() : explicit;
            }
        }
        return null;
    }

    private static String abbreviate(String value) {
        String printable = dev.meshfleet.common.json.TextRules.printable(value);
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
