package dev.meshfleet.common.error;

/** The request conflicts with the current state. */
public class ConflictException extends ProblemException {
    public ConflictException(String detail) {
        super(detail);
    }

    /** A conflict with several causes, each named by what it concerns (e.g. {@code clusters.eu-1}). */
    public ConflictException(String detail, java.util.List<FieldError> errors) {
        super(detail, errors);
    }
}
