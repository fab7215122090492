package dev.meshfleet.gitops.core;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A delivery's headers, looked up case-insensitively (HTTP header names are). One value per name: the first. */
public final class WebhookHeaders {
    private final Map<String, String> values;

    private WebhookHeaders(Map<String, String> values) {
        this.values = values;
    }

    public static WebhookHeaders of(Map<String, String> headers) {
        Map<String, String> lower = new TreeMap<>();
        headers.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        return new WebhookHeaders(lower);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean has(String name) {
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }
}
