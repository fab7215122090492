package dev.meshfleet.common.error;

/** One problem with one input field, named by its path (JSON path style, e.g. {@code $.spec.services[0].name}). */
public record FieldError(String path, String message) {
}
