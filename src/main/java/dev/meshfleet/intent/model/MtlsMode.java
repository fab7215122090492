package dev.meshfleet.intent.model;

/** Peer authentication modes. */
public enum MtlsMode {
    UNSET, DISABLE, PERMISSIVE, STRICT
}
