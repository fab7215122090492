package dev.meshfleet.common.error;

import java.util.List;

/**
 * Base of every domain error that reaches a client. Subclasses say what went wrong; {@code ProblemMapper} alone decides
 * the HTTP status for each, so the mapping lives in one table.
 */
public abstract class ProblemException extends RuntimeException {
    private final List<FieldError> errors;

    protected ProblemException(String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.errors = List.copyOf(errors);
    }

    protected ProblemException(String detail) {
        this(detail, List.of());
    }

    public List<FieldError> errors() {
        return errors;
    }
}
