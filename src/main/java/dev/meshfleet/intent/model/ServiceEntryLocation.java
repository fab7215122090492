package dev.meshfleet.intent.model;

/** Whether a service entry is outside the mesh (no mTLS to it) or part of it. */
public enum ServiceEntryLocation {
    MESH_EXTERNAL, MESH_INTERNAL
}
