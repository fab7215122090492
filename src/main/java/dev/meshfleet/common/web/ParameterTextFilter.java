package dev.meshfleet.common.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.common.json.TextRules;

/**
 * Refuses a NUL character (which PostgreSQL cannot store or compare in text) in any path or query parameter, naming the
 * parameter, before any resource sees it. Request bodies get the same rule from {@link TextRules}.
 */
public class ParameterTextFilter {
    @ServerRequestFilter
    public void refuseNul(ContainerRequestContext request) {
        List<FieldError> errors = new ArrayList<>();
        check(request.getUriInfo().getPathParameters(), errors);
        check(request.getUriInfo().getQueryParameters(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors.get(0).path() + ": " + errors.get(0).message(), errors);
        }
    }

    private static void check(MultivaluedMap<String, String> parameters, List<FieldError> errors) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            boolean bad = name.indexOf('\u0000') >= 0
                    || parameter.getValue().stream().anyMatch(v -> v != null && v.indexOf('\u0000') >= 0);
            if (bad) {
                errors.add(new FieldError(TextRules.printable(name),
                        "contains a NUL character (%00), which is not allowed"));
            }
        }
    }
}
