package dev.meshfleet.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.delivery.DesiredOverlays;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.model.Service;

/**
 * The weights rollouts lay over meshes' intent, per cluster, as delivery needs them: which clusters carry which canary
 * weight (as of which generation), and what their agents should measure for analysis.
 */
@ApplicationScoped
public class RolloutOverlays implements DesiredOverlays {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final EntityManager em;
    private final ObjectMapper json;

    public RolloutOverlays(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /** One rollout's weight on one cluster. */
    public record Overlay(UUID rolloutId, UUID meshId, UUID clusterId, List<String> services, String stable, String canary,
            int weight, long generation, boolean analyzing, RolloutRequest.AnalysisRequest analysis, String prometheusUrl)
            implements DesiredOverlays.Overlay {

        @Override
        public MeshIntent apply(MeshIntent intent) {
            return RolloutOverlays.apply(intent, List.of(this));
        }

        @Override
        public java.util.Optional<Measurement> measurement(java.util.function.Supplier<MeshIntent> intent) {
            return analyzing ? java.util.Optional.of(new Measurement(RolloutRequests.interval(analysis), prometheusUrl,
                    queries(this, intent.get()))) : java.util.Optional.empty();
        }
    }

    /** Per mesh, per cluster: the overlays in force for a tenant (one query). */
    @Override
    public Map<UUID, Map<UUID, List<DesiredOverlays.Overlay>>> forTenant(UUID tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT r.id, r.mesh_id, rc.cluster_id, CAST(r.services AS text), r.stable_version, r.canary_version,
                       rc.weight, rc.generation, r.phase, CAST(r.request -> 'analysis' AS text), c.prometheus_url
                FROM rollouts r JOIN rollout_clusters rc ON rc.rollout_id = r.id JOIN clusters c ON c.id = rc.cluster_id
                WHERE r.tenant_id = :tenant AND r.released_at IS NULL AND rc.generation > 0
                ORDER BY r.created_at, r.id""").setParameter("tenant", tenantId).getResultList();
        Map<UUID, Map<UUID, List<DesiredOverlays.Overlay>>> out = new HashMap<>();
        for (Object[] r : rows) {
            try {
                String phase = (String) r[8];
                RolloutRequest.AnalysisRequest analysis = r[9] == null || "null".equals(r[9]) ? null
                        : json.readValue((String) r[9], RolloutRequest.AnalysisRequest.class);
                int weight = ((Number) r[6]).intValue();
                Overlay overlay = new Overlay((UUID) r[0], (UUID) r[1], (UUID) r[2], json.readValue((String) r[3], STRINGS),
                        (String) r[4], (String) r[5], weight, ((Number) r[7]).longValue(),
                        analysis != null && weight > 0 && (phase.equals("PROGRESSING") || phase.equals("PAUSED")), analysis,
                        (String) r[10]);
                out.computeIfAbsent(overlay.meshId(), k -> new HashMap<>())
                        .computeIfAbsent(overlay.clusterId(), k -> new ArrayList<>()).add(overlay);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The intent with the overlays' weights laid over it (an overlay whose service lost its catch-all route is skipped). */
    public static MeshIntent apply(MeshIntent intent, List<Overlay> overlays) {
        MeshIntent out = intent;
        for (Overlay o : overlays) {
            try {
                out = WeightOverlay.apply(out, o.services(), o.stable(), o.canary(), o.weight());
            } catch (IllegalArgumentException e) {
                // cannot happen while the rollout owns the routes; a later intent release removes the overlay anyway
            }
        }
        return out;
    }

    /** What an agent measures for an overlay: metric key (metric/service) -> PromQL, over one analysis interval. */
    public static Map<String, String> queries(Overlay o, MeshIntent intent) {
        Map<String, String> out = new java.util.TreeMap<>();
        if (!o.analyzing()) {
            return out;
        }
        Duration window = RolloutRequests.interval(o.analysis());
        if (window.compareTo(Duration.ofMinutes(1)) < 0) {
            window = Duration.ofMinutes(1); // rates over less than a few scrape intervals have no data
        }
        for (RolloutRequest.MetricRequest m : o.analysis().metrics()) {
            for (String service : o.services()) {
                String namespace = intent.spec().services().stream().filter(s -> s.name().equals(service))
                        .map(Service::namespace).findFirst().orElse("default");
                out.put(AnalysisJudge.key(m.name(), service),
                        RolloutRequests.query(m, service, namespace == null ? "default" : namespace, o.canary(), window));
            }
        }
        return out;
    }
}
