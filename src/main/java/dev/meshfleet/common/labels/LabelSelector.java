package dev.meshfleet.common.labels;

import dev.meshfleet.common.labels.Labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Kubernetes label selector: requirements that must all hold. Built from the query-string syntax
 * ({@code env=prod,region in (eu,us),!legacy}) or from {@code matchLabels}/{@code matchExpressions}; both mean the same
 * as in Kubernetes, including that {@code NotIn} and {@code !=} match objects without the key.
 */
public record LabelSelector(List<Requirement> requirements) {

    public enum Operator {
        IN, NOT_IN, EXISTS, DOES_NOT_EXIST
    }

    public record Requirement(String key, Operator operator, Set<String> values) {
        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    /** Parses the query-string syntax; throws {@link IllegalArgumentException} with a message naming the problem. */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        return new Parser(text).parse();
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        LabelSelector parse() {
            List<Requirement> requirements = new ArrayList<>();
            do {
                skipSpaces();
                requirements.add(requirement());
                skipSpaces();
            } while (consume(","));
            if (pos < text.length()) {
                throw error("unexpected '" + text.charAt(pos) + "'");
            }
            return new LabelSelector(List.copyOf(requirements));
        }

        private Requirement requirement() {
            if (consume("!")) {
                skipSpaces();
                return new Requirement(key(), Operator.DOES_NOT_EXIST, Set.of());
            }
            String key = key();
            skipSpaces();
            if (consume("==") || consume("=")) {
                return new Requirement(key, Operator.IN, Set.of(value()));
            }
            if (consume("!=")) {
                return new Requirement(key, Operator.NOT_IN, Set.of(value()));
            }
            if (consumeWord("notin")) {
                return new Requirement(key, Operator.NOT_IN, valueSet());
            }
            if (consumeWord("in")) {
                return new Requirement(key, Operator.IN, valueSet());
            }
            return new Requirement(key, Operator.EXISTS, Set.of());
        }

        private Set<String> valueSet() {
            skipSpaces();
            if (!consume("(")) {
                throw error("expected '(' after in/notin");
            }
            Set<String> values = new TreeSet<>();
            do {
                skipSpaces();
                values.add(value());
                skipSpaces();
            } while (consume(","));
            if (!consume(")")) {
                throw error("expected ')' to close the value list");
            }
            return Set.copyOf(values);
        }

        private String key() {
            String key = token();
            if (!Labels.isValidKey(key)) {
                throw error("'" + key + "' is not a valid label key");
            }
            return key;
        }

        private String value() {
            skipSpaces();
            String value = token();
            if (!Labels.isValidValue(value)) {
                throw error("'" + value + "' is not a valid label value");
            }
            return value;
        }

        private String token() {
            int start = pos;
            while (pos < text.length() && "=!,() ".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private boolean consume(String s) {
            if (text.startsWith(s, pos)) {
                pos += s.length();
                return true;
            }
            return false;
        }

        private boolean consumeWord(String word) {
            int end = pos + word.length();
            if (text.startsWith(word, pos) && (end == text.length() || text.charAt(end) == ' ' || text.charAt(end) == '(')) {
                pos = end;
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at position " + pos);
        }
    }
}
