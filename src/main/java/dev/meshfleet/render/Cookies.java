package dev.meshfleet.render;

import dev.meshfleet.intent.model.StringMatch;

/** Istio cannot match cookies directly; these regexes (RE2) find one cookie in the Cookie header. */
final class Cookies {
    private static final String BEFORE = "^(.*?;\\s*)?";
    private static final String AFTER = "(;.*)?$";

    private Cookies() {
    }

    static String regex(String name, StringMatch match) {
        String cookie = quote(name) + "=";
        if (match.exact() != null) {
            return BEFORE + cookie + quote(match.exact()) + AFTER;
        }
        if (match.prefix() != null) {
            return BEFORE + cookie + quote(match.prefix()) + "[^;]*" + AFTER;
        }
        return BEFORE + cookie + "(" + match.regex() + ")" + AFTER;
    }

    /** Escapes RE2 metacharacters (RE2 has no \Q...\E). */
    static String quote(String literal) {
        StringBuilder out = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
