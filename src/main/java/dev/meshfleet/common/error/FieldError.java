package dev.meshfleet.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One problem with one input field, named by its path (JSON path style, e.g. {@code $.spec.services[0].name}); findings
 * of the intent analysis also carry their stable code.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String path, String message, String code) {
    public FieldError(String path, String message) {
        this(path, message, null);
    }
}
