package dev.meshfleet.common.error;

import java.util.List;

/** This change needs an If-Match header naming a revision. */
public class PreconditionRequiredException extends ProblemException {
    public PreconditionRequiredException(String detail) {
        super(detail);
    }

    /** The header that must be given (or given with a concrete value), named in the problem's errors. */
    public PreconditionRequiredException(String detail, String header) {
        super(detail, List.of(new FieldError(header, detail)));
    }
}
