package dev.meshfleet.common.error;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects field errors for one request body and throws them together. */
public final class Checks {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final List<FieldError> errors = new ArrayList<>();

    public Checks require(boolean ok, String path, String message) {
        if (!ok) {
            errors.add(new FieldError(path, message));
        }
        return this;
    }

    public Checks present(Object value, String path) {
        return require(value != null, path, "is required");
    }

    /** A Kubernetes-style name: lower-case letters, digits and '-', at most 63 characters, alphanumeric at both ends. */
    public Checks dnsLabel(String value, String path) {
        if (value == null) {
            return present(null, path);
        }
        return require(DNS_LABEL.matcher(value).matches(), path,
                "must be a DNS label: lower-case letters, digits and '-', at most 63, starting and ending alphanumeric");
    }

    public Checks add(String path, String message) {
        errors.add(new FieldError(path, message));
        return this;
    }

    public Checks addAll(List<FieldError> more) {
        errors.addAll(more);
        return this;
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            String summary = errors.size() == 1
                    ? errors.get(0).path() + ": " + errors.get(0).message()
                    : errors.size() + " fields are invalid";
            throw new ValidationException(summary, errors);
        }
    }

    public static boolean isDnsLabel(String value) {
        return value != null && DNS_LABEL.matcher(value).matches();
    }
}
