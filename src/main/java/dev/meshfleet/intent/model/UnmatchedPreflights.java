package dev.meshfleet.intent.model;

/** What a proxy does with a CORS preflight whose origin is not allowed: forward it upstream or answer it itself. */
public enum UnmatchedPreflights {
    FORWARD, IGNORE
}
