package dev.meshfleet.common.error;

/** The caller's role does not allow this. */
public class ForbiddenException extends ProblemException {
    public ForbiddenException(String detail) {
        super(detail);
    }
}
