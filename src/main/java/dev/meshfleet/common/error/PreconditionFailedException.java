package dev.meshfleet.common.error;

/** The If-Match precondition did not hold. */
public class PreconditionFailedException extends ProblemException {
    public PreconditionFailedException(String detail) {
        super(detail);
    }
}
