package dev.meshfleet.intent.model;

/** Authorization policy actions; CUSTOM delegates to an extension provider. Left out, a policy ALLOWs. */
public enum AuthorizationAction {
    ALLOW, DENY, AUDIT, CUSTOM
}
