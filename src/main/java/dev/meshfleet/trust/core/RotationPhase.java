package dev.meshfleet.trust.core;

import java.util.List;
import java.util.UUID;

/**
 * The phases of a root rotation from {@code old} to {@code new}, each with what every cluster must hold, in the order
 * Istio's multi-root rotation needs them (ztunnel aside):
 * <ol>
 * <li>{@link #ADD_ROOT}: trust both, still issue under old: {@code root-cert.pem} = old+new;</li>
 * <li>{@link #REISSUE}: intermediates from new, bundle old+new+new (byte-different from old+new, so istiod reloads);</li>
 * <li>{@link #VERIFY}: the same, while agents prove that leaves under the old and the new intermediate both verify;</li>
 * <li>{@link #SOAK}: the same, for as long as workload certificates issued under the old intermediate may live;</li>
 * <li>{@link #DROP_OLD}: bundle = new only.</li>
 * </ol>
 * A rollback runs the same phases with the roles swapped, entering where the forward rotation's state already is.
 */
public enum RotationPhase {
    ADD_ROOT, REISSUE, VERIFY, SOAK, DROP_OLD;

    /** What the clusters hold in this phase: the issuing root, the bundle's roots in order, and whether to probe leaves. */
    public record Layout(UUID issuer, List<UUID> bundle, boolean probeLeaves) {
    }

    public Layout layout(UUID oldRoot, UUID newRoot) {
        return switch (this) {
            case ADD_ROOT -> new Layout(oldRoot, List.of(oldRoot, newRoot), false);
            case REISSUE, SOAK -> new Layout(newRoot, List.of(oldRoot, newRoot, newRoot), false);
            case VERIFY -> new Layout(newRoot, List.of(oldRoot, newRoot, newRoot), true);
            case DROP_OLD -> new Layout(newRoot, List.of(newRoot), false);
        };
    }

    /** The phase after this one; null after the last. */
    public RotationPhase next() {
        return this == DROP_OLD ? null : values()[ordinal() + 1];
    }

    /** Whether the phase ends when every cluster has shown evidence (SOAK ends on a timer instead). */
    public boolean gatedOnEvidence() {
        return this != SOAK;
    }

    /**
     * Where the rollback (old and new swapped) of a rotation that is in this phase starts: nothing issued under new yet
     * means just dropping it again; intermediates under new mean reissuing under old while both are still trusted; new
     * alone trusted means trusting old again first.
     */
    public RotationPhase rollbackEntry() {
        return switch (this) {
            case ADD_ROOT -> DROP_OLD;
            case REISSUE, VERIFY, SOAK -> REISSUE;
            case DROP_OLD -> ADD_ROOT;
        };
    }
}
