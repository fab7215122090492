package dev.meshfleet.common.error;

/** The caller's credential is missing, unknown, expired or revoked. */
public class UnauthorizedException extends ProblemException {
    public UnauthorizedException(String detail) {
        super(detail);
    }
}
