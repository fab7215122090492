package dev.meshfleet.intent.analysis;

/** One result of analysing intent: how bad, a stable code to look up or filter on, what is wrong, and where. */
public record Finding(Severity severity, String code, String message, String path) {
    public enum Severity {
        ERROR, WARNING
    }

    public static Finding error(String code, String path, String message) {
        return new Finding(Severity.ERROR, code, message, path);
    }

    public static Finding warning(String code, String path, String message) {
        return new Finding(Severity.WARNING, code, message, path);
    }
}
