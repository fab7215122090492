package dev.meshfleet.intent.model;

/** The extension provider (from the mesh config) a CUSTOM policy delegates to, e.g. an ext-authz server. */
public record AuthorizationProvider(String name) {
}
