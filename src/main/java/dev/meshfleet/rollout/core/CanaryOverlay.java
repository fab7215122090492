package dev.meshfleet.rollout.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.model.Service;

/**
 * One rollout's weight on one cluster, as delivery lays it over the mesh's intent, pure: the shifted routes, and while
 * the rollout is analysed what the cluster's agent measures.
 *
 * @param analyzing whether the agent should measure: the rollout has an analysis, progresses or is paused, and this
 *        cluster carries canary traffic
 */
public record CanaryOverlay(UUID rolloutId, UUID meshId, UUID clusterId, List<String> services, String stable,
        String canary, int weight, long generation, boolean analyzing, RolloutRequest.AnalysisRequest analysis,
        String prometheusUrl) {

    /** The intent with this weight laid over it; unchanged if a service lost its catch-all route. */
    public MeshIntent apply(MeshIntent intent) {
        try {
            return WeightOverlay.apply(intent, services, stable, canary, weight);
        } catch (IllegalArgumentException e) {
            // cannot happen while the rollout owns the routes; a later intent release removes the overlay anyway
            return intent;
        }
    }

    /** How often the agent measures (the analysis interval). */
    public Duration interval() {
        return RolloutRequests.interval(analysis);
    }

    /** What an agent measures: metric key (metric/service) -> PromQL, over one analysis interval; empty unless analysing. */
    public Map<String, String> queries(MeshIntent intent) {
        Map<String, String> out = new TreeMap<>();
        if (!analyzing) {
            return out;
        }
        Duration window = interval();
        if (window.compareTo(Duration.ofMinutes(1)) < 0) {
            window = Duration.ofMinutes(1); // rates over less than a few scrape intervals have no data
        }
        for (RolloutRequest.MetricRequest m : analysis.metrics()) {
            for (String service : services) {
                String namespace = intent.spec().services().stream().filter(s -> s.name().equals(service))
                        .map(Service::namespace).findFirst().orElse("default");
                out.put(AnalysisJudge.key(m.name(), service),
                        RolloutRequests.query(m, service, namespace == null ? "default" : namespace, canary, window));
            }
        }
        return out;
    }
}
