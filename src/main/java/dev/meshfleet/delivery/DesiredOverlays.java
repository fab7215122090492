package dev.meshfleet.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.meshfleet.intent.model.MeshIntent;

/**
 * Delivery's extension point for what is laid over a mesh's intent on some clusters before it is rendered: today the
 * canary weights of rollouts in progress. A feature above delivery implements it as a CDI bean; delivery finds every
 * implementation through {@code Instance<DesiredOverlays>} (none: the intent is delivered as written), so delivery never
 * imports the features that shape its desired state.
 */
public interface DesiredOverlays {

    /** Per mesh id, per cluster id: the overlays in force for one tenant's clusters (read in one go). */
    Map<UUID, Map<UUID, List<Overlay>>> forTenant(UUID tenantId);

    /**
     * One weight laid over one mesh on one cluster. {@code rolloutId} and {@code generation} travel to the agent, which
     * reports the generation back once it applied a bundle carrying it.
     */
    interface Overlay {
        UUID rolloutId();

        long generation();

        int weight();

        /** The intent with this weight laid over it; an overlay that no longer fits the intent leaves it unchanged. */
        MeshIntent apply(MeshIntent intent);

        /**
         * What the cluster's agent should measure while this weight is in force, if anything; the intent (the mesh's
         * current revision) is read only when needed.
         */
        Optional<Measurement> measurement(Supplier<MeshIntent> intent);
    }

    /** Every {@code interval}, run each PromQL query (metric key -> query) against {@code prometheusUrl}. */
    record Measurement(Duration interval, String prometheusUrl, Map<String, String> queries) {
    }
}
