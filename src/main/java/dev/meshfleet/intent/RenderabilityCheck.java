package dev.meshfleet.intent;

import java.util.List;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.model.MeshIntent;

/**
 * Whether an intent's raw resources, and what it renders into on each of the given clusters, pass Istio's own
 * schemas. Intent
 * asks before it stores, plans or pushes anything; render answers (a CDI bean there implements this), so intent needs
 * none of render's types and render stays above intent.
 */
public interface RenderabilityCheck {

    /** MF205 errors for the intent's raw Istio resources (the passthrough) that fail Istio's schema, by intent path. */
    List<Finding> checkRawResources(MeshIntent intent);

    /**
     * Errors (code MF301) for every rendered resource that fails Istio's schema, and for an intent that cannot be
     * rendered at all; empty when every cluster gets valid resources. {@code revision}: the number the intent would get.
     */
    List<Finding> check(MeshIntent intent, String meshName, int revision, List<ClusterFacts> clusters);
}
