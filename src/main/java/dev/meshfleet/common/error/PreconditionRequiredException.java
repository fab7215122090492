package dev.meshfleet.common.error;

/** This change needs an If-Match header. */
public class PreconditionRequiredException extends ProblemException {
    public PreconditionRequiredException(String detail) {
        super(detail);
    }
}
