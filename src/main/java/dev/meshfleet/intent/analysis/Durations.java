package dev.meshfleet.intent.analysis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go/Istio durations ("1m30s", "250ms") in milliseconds. */
final class Durations {
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(h|ms|m|s|us|µs|ns)");

    private Durations() {
    }

    static double millis(String duration) {
        Matcher m = PART.matcher(duration);
        double total = 0;
        while (m.find()) {
            double value = Double.parseDouble(m.group(1));
            total += switch (m.group(2)) {
                case "h" -> value * 3_600_000;
                case "m" -> value * 60_000;
                case "s" -> value * 1000;
                case "ms" -> value;
                case "us", "µs" -> value / 1000;
                default -> value / 1_000_000;
            };
        }
        return total;
    }
}
