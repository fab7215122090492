package dev.meshfleet.common.error;

/** The request conflicts with the current state. */
public class ConflictException extends ProblemException {
    public ConflictException(String detail) {
        super(detail);
    }
}
