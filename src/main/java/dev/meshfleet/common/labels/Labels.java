package dev.meshfleet.common.labels;

import java.util.Map;
import java.util.regex.Pattern;

import dev.meshfleet.common.error.Checks;

/**
 * Kubernetes label syntax: keys are [prefix/]name (prefix a DNS subdomain of at most 253, name at most 63), values are
 * at most 63 characters of [A-Za-z0-9-_.]; and at most {@link #MAX_COUNT} labels per cluster.
 */
public final class Labels {
    /** Labels select clusters; a few dozen are plenty, and each one is stored, indexed and matched. */
    public static final int MAX_COUNT = 64;

    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Labels() {
    }

    public static boolean isValidKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return name.length() <= 63 && NAME.matcher(name).matches();
    }

    public static boolean isValidValue(String value) {
        return value != null && (value.isEmpty() || (value.length() <= 63 && NAME.matcher(value).matches()));
    }

    public static void check(Map<String, String> labels, String path, Checks checks) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_COUNT) {
            checks.add(path, "has " + labels.size() + " labels; at most " + MAX_COUNT + " are allowed");
            return;
        }
        labels.forEach((key, value) -> {
            checks.require(isValidKey(key), path + "." + printable(key),
                    "is not a valid label key ([prefix/]name: prefix a DNS subdomain of at most 253, name at most 63)");
            checks.require(value == null || isValidValue(value), path + "." + printable(key),
                    "is not a valid label value (at most 63 of A-Z a-z 0-9 - _ .)");
        });
    }

    private static String printable(String key) {
        String shown = key == null ? "null" : dev.meshfleet.common.json.TextRules.printable(key);
        return shown.length() <= 300 ? shown : shown.substring(0, 300) + "...";
    }
}
