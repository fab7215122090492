package dev.meshfleet.common.error;

/** A request body (or one document in it) is larger than this service accepts. */
public class PayloadTooLargeException extends ProblemException {
    public PayloadTooLargeException(String detail) {
        super(detail, java.util.List.of(new FieldError("$", detail)));
    }
}
