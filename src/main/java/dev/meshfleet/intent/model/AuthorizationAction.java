package dev.meshfleet.intent.model;

/** Authorization policy actions. */
public enum AuthorizationAction {
    ALLOW, DENY, AUDIT
}
