package dev.meshfleet.gitops.core;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A source's poll interval as people write it ("30s", "5m", "1h"), or "off". */
public final class PollIntervals {
    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})(s|m|h)");

    private PollIntervals() {
    }

    /** Empty for "off"; null when the text is not a duration. */
    public static Optional<Duration> parse(String text) {
        if (text.equals("off")) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        });
    }

    /** How the API shows an interval of {@code seconds} (null: off). */
    public static String format(Integer seconds) {
        if (seconds == null) {
            return "off";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
