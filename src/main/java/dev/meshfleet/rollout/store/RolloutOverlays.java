package dev.meshfleet.rollout.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.delivery.DesiredOverlays;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.rollout.core.CanaryOverlay;
import dev.meshfleet.rollout.core.RolloutRequest;

/**
 * Rollouts' side of delivery's {@link DesiredOverlays}: the weights rollouts lay over meshes' intent, per cluster, read
 * for a whole tenant in one query: which clusters carry which canary weight (as of which generation), and what their
 * agents should measure for analysis.
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

    /** A rollout's overlay as delivery uses it. */
    record Delivered(CanaryOverlay canary) implements DesiredOverlays.Overlay {
        @Override
        public UUID rolloutId() {
            return canary.rolloutId();
        }

        @Override
        public long generation() {
            return canary.generation();
        }

        @Override
        public int weight() {
            return canary.weight();
        }

        @Override
        public MeshIntent apply(MeshIntent intent) {
            return canary.apply(intent);
        }

        @Override
        public Optional<Measurement> measurement(Supplier<MeshIntent> intent) {
            return canary.analyzing()
                    ? Optional.of(new Measurement(canary.interval(), canary.prometheusUrl(), canary.queries(intent.get())))
                    : Optional.empty();
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
                CanaryOverlay overlay = new CanaryOverlay((UUID) r[0], (UUID) r[1], (UUID) r[2],
                        json.readValue((String) r[3], STRINGS), (String) r[4], (String) r[5], weight,
                        ((Number) r[7]).longValue(),
                        analysis != null && weight > 0 && (phase.equals("PROGRESSING") || phase.equals("PAUSED")), analysis,
                        (String) r[10]);
                out.computeIfAbsent(overlay.meshId(), k -> new HashMap<>())
                        .computeIfAbsent(overlay.clusterId(), k -> new ArrayList<>()).add(new Delivered(overlay));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
