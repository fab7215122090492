package dev.meshfleet.rollout.store;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.common.persistence.SqlValues;
import dev.meshfleet.rollout.core.AnalysisJudge;
import dev.meshfleet.rollout.core.ClusterWeight;
import dev.meshfleet.rollout.core.RolloutPlan;
import dev.meshfleet.rollout.core.RolloutRequest;
import dev.meshfleet.rollout.core.RolloutRequests;
import dev.meshfleet.rollout.core.RolloutState;

/**
 * Reads and writes a rollout's parts: its request, plan and state as JSON, per-cluster weights and confirmations, events,
 * measurements and analyses. (Its timers are the workflow's: {@link dev.meshfleet.workflow.WorkflowTimers}.)
 */
@ApplicationScoped
public class RolloutStore {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final EntityManager em;

    public RolloutStore(ObjectMapper json, EntityManager em) {
        this.json = json;
        this.em = em;
    }

    public RolloutRequest request(Rollout r) {
        return json.convertValue(r.request, RolloutRequest.class);
    }

    public Map<String, Object> toMap(Object value) {
        return json.convertValue(value, MAP);
    }

    public List<RolloutPlan.Wave> waves(Rollout r) {
        List<RolloutPlan.Wave> out = new ArrayList<>();
        r.waves.forEach(w -> out.add(json.convertValue(w, RolloutPlan.Wave.class)));
        return out;
    }

    public RolloutPlan plan(Rollout r) {
        return RolloutRequests.plan(request(r), waves(r));
    }

    public RolloutState state(Rollout r) {
        return json.convertValue(r.state, RolloutState.class);
    }

    public List<ClusterWeight> clusters(UUID rolloutId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT cluster_id, cluster_name, wave, weight, generation, confirmed_generation, confirmed_weight,
                       confirmed_revision, confirmed_at
                FROM rollout_clusters WHERE rollout_id = :id ORDER BY wave, cluster_name""")
                .setParameter("id", rolloutId).getResultList();
        List<ClusterWeight> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new ClusterWeight((UUID) r[0], (String) r[1], ((Number) r[2]).intValue(), ((Number) r[3]).intValue(),
                    ((Number) r[4]).longValue(), ((Number) r[5]).longValue(), r[6] == null ? null : ((Number) r[6]).intValue(),
                    r[7] == null ? null : ((Number) r[7]).intValue(), SqlValues.offsetDateTime(r[8])));
        }
        return out;
    }

    public void addCluster(UUID rolloutId, UUID clusterId, String name, int wave) {
        em.createNativeQuery("""
                INSERT INTO rollout_clusters (rollout_id, cluster_id, cluster_name, wave) VALUES (:r, :c, :n, :w)""")
                .setParameter("r", rolloutId).setParameter("c", clusterId).setParameter("n", name).setParameter("w", wave)
                .executeUpdate();
    }

    public void setWeights(UUID rolloutId, Collection<String> clusters, int weight, long generation) {
        em.createNativeQuery("""
                UPDATE rollout_clusters SET weight = :w, generation = :g WHERE rollout_id = :r AND cluster_name IN (:names)""")
                .setParameter("w", weight).setParameter("g", generation).setParameter("r", rolloutId)
                .setParameter("names", clusters).executeUpdate();
    }

    /** Records an agent's confirmation; returns the cluster's name, or null if the cluster is not in this rollout. */
    public String confirm(UUID rolloutId, UUID clusterId, long generation, Integer revision) {
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery("""
                UPDATE rollout_clusters SET confirmed_generation = :g, confirmed_revision = :rev, confirmed_at = now(),
                    confirmed_weight = CASE WHEN generation = :g THEN weight ELSE confirmed_weight END
                WHERE rollout_id = :r AND cluster_id = :c AND confirmed_generation < :g
                RETURNING cluster_name""").setParameter("g", generation).setParameter("rev", revision)
                .setParameter("r", rolloutId).setParameter("c", clusterId).getResultList();
        if (!names.isEmpty()) {
            return names.get(0);
        }
        @SuppressWarnings("unchecked")
        List<String> known = em.createNativeQuery(
                "SELECT cluster_name FROM rollout_clusters WHERE rollout_id = :r AND cluster_id = :c")
                .setParameter("r", rolloutId).setParameter("c", clusterId).getResultList();
        return known.isEmpty() ? null : known.get(0);
    }

    /** Appends an event (timed when written, not when its transaction began); returns its id (the SSE event id). */
    public long addEvent(UUID rolloutId, String type, String detail, RolloutState state) {
        Object id = em.createNativeQuery("""
                INSERT INTO rollout_events (rollout_id, type, detail, phase, wave, step, weight, at)
                VALUES (:r, :t, :d, :p, :w, :s, :weight, clock_timestamp()) RETURNING id""")
                .setParameter("r", rolloutId).setParameter("t", type).setParameter("d", detail)
                .setParameter("p", state.phase().name()).setParameter("w", state.wave()).setParameter("s", state.step())
                .setParameter("weight", state.weight()).getSingleResult();
        return ((Number) id).longValue();
    }

    public record Event(long id, String type, String detail, String phase, int wave, int step, int weight,
            OffsetDateTime at) {
    }

    public List<Event> events(UUID rolloutId, long after) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, type, detail, phase, wave, step, weight, at FROM rollout_events
                WHERE rollout_id = :r AND id > :after ORDER BY id""").setParameter("r", rolloutId).setParameter("after", after)
                .getResultList();
        return rows.stream().map(r -> new Event(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).intValue(), ((Number) r[5]).intValue(), ((Number) r[6]).intValue(),
                SqlValues.offsetDateTime(r[7]))).toList();
    }

    public boolean inRollout(UUID rolloutId, UUID clusterId) {
        return !em.createNativeQuery("SELECT 1 FROM rollout_clusters WHERE rollout_id = :r AND cluster_id = :c")
                .setParameter("r", rolloutId).setParameter("c", clusterId).getResultList().isEmpty();
    }

    public void addMeasurement(UUID rolloutId, UUID clusterId, String metric, Double value, String error) {
        em.createNativeQuery("""
                INSERT INTO rollout_measurements (rollout_id, cluster_id, metric, value, error) VALUES (:r, :c, :m, :v, :e)""")
                .setParameter("r", rolloutId).setParameter("c", clusterId).setParameter("m", metric)
                .setParameter("v", value).setParameter("e", error).executeUpdate();
    }

    /** Measurements newer than {@code since} per cluster (newest first), as the judge reads them. */
    public List<AnalysisJudge.Measurement> measurementsSince(UUID rolloutId, Map<UUID, OffsetDateTime> sinceByCluster,
            Map<UUID, String> names) {
        if (sinceByCluster.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT cluster_id, metric, value, error, measured_at FROM rollout_measurements
                WHERE rollout_id = :r AND cluster_id IN (:clusters) ORDER BY measured_at DESC, id DESC LIMIT 5000""")
                .setParameter("r", rolloutId).setParameter("clusters", sinceByCluster.keySet()).getResultList();
        List<AnalysisJudge.Measurement> out = new ArrayList<>();
        for (Object[] r : rows) {
            UUID cluster = (UUID) r[0];
            OffsetDateTime at = SqlValues.offsetDateTime(r[4]);
            OffsetDateTime since = sinceByCluster.get(cluster);
            if (since != null && at != null && at.isBefore(since)) {
                continue;
            }
            String metric = (String) r[1];
            int slash = metric.indexOf('/');
            out.add(new AnalysisJudge.Measurement(names.get(cluster), slash < 0 ? metric : metric.substring(0, slash),
                    slash < 0 ? "" : metric.substring(slash + 1), r[2] == null ? null : ((Number) r[2]).doubleValue(),
                    (String) r[3]));
        }
        return out;
    }

    public void addAnalysis(UUID rolloutId, String verdict, Object measurements) {
        em.createNativeQuery("""
                INSERT INTO rollout_analyses (rollout_id, verdict, measurements) VALUES (:r, :v, CAST(:m AS jsonb))""")
                .setParameter("r", rolloutId).setParameter("v", verdict).setParameter("m", write(measurements)).executeUpdate();
    }

    public OffsetDateTime lastJudgedAt(UUID rolloutId) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("SELECT max(judged_at) FROM rollout_analyses WHERE rollout_id = :r")
                .setParameter("r", rolloutId).getResultList();
        return rows.isEmpty() ? null : SqlValues.offsetDateTime(rows.get(0));
    }

    public record Analysis(String verdict, Map<String, Object> measurements, OffsetDateTime judgedAt) {
    }

    public List<Analysis> analyses(UUID rolloutId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT verdict, CAST(measurements AS text), judged_at FROM rollout_analyses WHERE rollout_id = :r
                ORDER BY id DESC LIMIT :limit""").setParameter("r", rolloutId).setParameter("limit", limit).getResultList();
        List<Analysis> out = new ArrayList<>();
        for (Object[] r : rows) {
            try {
                out.add(new Analysis((String) r[0], json.readValue((String) r[1], MAP), SqlValues.offsetDateTime(r[2])));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

}
