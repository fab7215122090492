package dev.meshfleet.common.error;

import java.util.List;

/** Bad input: one entry per offending field. */
public class ValidationException extends ProblemException {
    public ValidationException(String detail, List<FieldError> errors) {
        super(detail, errors);
    }

    public static ValidationException of(String path, String message) {
        return new ValidationException(message, List.of(new FieldError(path, message)));
    }
}
