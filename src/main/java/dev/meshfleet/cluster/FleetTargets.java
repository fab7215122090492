package dev.meshfleet.cluster;

import dev.meshfleet.common.labels.Placement;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;


/** Which of a tenant's clusters a placement selects, and what the renderer needs to know of each. */
@ApplicationScoped
public class FleetTargets {
    /** More clusters than one tenant registers; selection happens in SQL either way. */
    private static final int MAX_CLUSTERS = 100_000;

    private final ClusterQueries queries;
    private final ObjectMapper json;

    public FleetTargets(ClusterQueries queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    public Placement placement(Map<String, Object> stored) {
        return stored == null ? Placement.ALL : json.convertValue(stored, Placement.class);
    }

    public List<Cluster> selected(UUID tenantId, Map<String, Object> placement) {
        return queries.select(tenantId, placement(placement).toSelector(), "", MAX_CLUSTERS);
    }

    public static ClusterFacts facts(Cluster c) {
        return new ClusterFacts(c.name, c.labels, c.istioVersion,
                c.istioApiVersions == null ? Set.of() : Set.copyOf(c.istioApiVersions));
    }
}
