package dev.meshfleet.protocol;

/**
 * The label and annotation names on every resource Meshfleet renders. The agent finds what it manages (to prune it and
 * watch it for drift) by exactly these, so the renderer and the agent must read them from here.
 */
public final class MeshfleetLabels {
    /** Kubernetes' recommended label for the tool that manages an object. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY_LABEL} on Meshfleet's resources; also the agent's server-side-apply field manager. */
    public static final String MANAGED_BY = "meshfleet";
    /** The mesh a resource was rendered for. */
    public static final String MESH_LABEL = "meshfleet.dev/mesh";
    /** The intent revision a resource was rendered from. */
    public static final String REVISION_ANNOTATION = "meshfleet.dev/revision";

    private MeshfleetLabels() {
    }
}
