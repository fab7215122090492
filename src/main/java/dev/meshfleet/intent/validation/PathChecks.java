package dev.meshfleet.intent.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import dev.meshfleet.common.error.FieldError;

/**
 * The errors found so far, each with its JSON path, in the order found; and the checks of single values (names, hosts,
 * durations, ranges, labels) and list items that every section of the spec uses.
 */
final class PathChecks {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern HOST = Pattern.compile("(\\*|\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*|\\*");
    private static final Pattern DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?(h|ms|m|s|us|µs|ns))+");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    static final Pattern HEADER_NAME = Pattern.compile("[-a-zA-Z0-9_:]{1,256}");
    /** A header name as Istio takes it where only letters, digits, - and _ are allowed (header changes, JWT claims). */
    static final Pattern HEADER_TOKEN = Pattern.compile("[-_A-Za-z0-9]+");
    static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private final List<FieldError> errors = new ArrayList<>();

    List<FieldError> errors() {
        return List.copyOf(errors);
    }

    void addAll(List<FieldError> found) {
        errors.addAll(found);
    }

    void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    boolean required(Object value, String path) {
        if (value == null) {
            error(path, "is required");
            return false;
        }
        return true;
    }

    <T> void each(List<T> items, String path, BiConsumer<T, String> check) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            if (items.get(i) == null) {
                error(p, "must not be null");
            } else {
                check.accept(items.get(i), p);
            }
        }
    }

    /** Every item of a string list is non-empty (Istio's webhook refuses empty values in policy lists). */
    void nonEmptyItems(List<String> values, String path) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isEmpty()) {
                error(path + "[" + i + "]", "must not be empty");
            }
        }
    }

    void dnsLabel(String value, String path) {
        if (required(value, path) && !DNS_LABEL.matcher(value).matches()) {
            error(path, "must be a DNS label (lower-case letters, digits, '-'; at most 63)");
        }
    }

    void host(String value, String path) {
        if (value != null && (value.length() > 253 || !HOST.matcher(value).matches())) {
            error(path, "must be a DNS name, optionally starting with '*.'");
        }
    }

    /**
     * A duration Istio's CRDs accept: their CEL rule {@code duration(self) >= duration('1ms')} refuses shorter ones
     * ({@code 0s}, {@code 500us}) at the API server, so validation does too.
     */
    void duration(String value, String path) {
        if (value != null && !DURATION.matcher(value).matches()) {
            error(path, "must be a duration such as 250ms, 10s or 1m30s");
        } else if (value != null && nanos(value) < 1_000_000) {
            error(path, "must be a duration of at least 1ms (Istio refuses shorter ones)");
        }
    }

    /** A duration where zero has a meaning and Istio sets no minimum (a cookie's ttl: 0s is a session cookie). */
    void durationOrZero(String value, String path) {
        if (value != null && !DURATION.matcher(value).matches()) {
            error(path, "must be a duration such as 250ms, 10s or 1m30s");
        }
    }

    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(h|ms|m|s|us|µs|ns)");

    /** A well-formed duration in nanoseconds, as Go's time.ParseDuration reads it. */
    static double nanos(String duration) {
        java.util.regex.Matcher m = DURATION_PART.matcher(duration);
        double total = 0;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            total += v * switch (m.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
        }
        return total;
    }

    void range(Number value, double min, double max, String path) {
        if (value != null && (value.doubleValue() < min || value.doubleValue() > max)) {
            error(path, "must be between " + fmt(min) + " and " + fmt(max));
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    void labels(Map<String, String> labels, String path) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> {
            int slash = k.indexOf('/');
            String name = slash < 0 ? k : k.substring(slash + 1);
            if (name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
                error(path + "." + k, "is not a valid label key");
            }
            if (v == null || v.length() > 63 || !(v.isEmpty() || LABEL_NAME.matcher(v).matches())) {
                error(path + "." + k, "is not a valid label value");
            }
        });
    }
}
