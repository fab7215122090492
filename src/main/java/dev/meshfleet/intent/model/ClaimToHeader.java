package dev.meshfleet.intent.model;

/** Copies a claim of a verified JWT into a request header. */
public record ClaimToHeader(String header, String claim) {
}
