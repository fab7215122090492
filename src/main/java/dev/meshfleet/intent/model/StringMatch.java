package dev.meshfleet.intent.model;

/** Exactly one of exact, prefix and regex (RE2 syntax). */
public record StringMatch(String exact, String prefix, String regex) {
}
