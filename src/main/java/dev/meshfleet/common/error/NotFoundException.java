package dev.meshfleet.common.error;

/** The object does not exist, or the caller may not see it (another tenant's objects are indistinguishable from absent ones). */
public class NotFoundException extends ProblemException {
    public NotFoundException(String detail) {
        super(detail);
    }

    public static NotFoundException of(String kind, String name) {
        return new NotFoundException(kind + " '" + name + "' not found");
    }
}
