package dev.meshfleet.delivery.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.FleetTargets;
import dev.meshfleet.delivery.AgentConfig;
import dev.meshfleet.delivery.DeliveryStatusStore;
import dev.meshfleet.intent.Mesh;

/** Fleet status of a mesh: per cluster the desired and applied revision, state, last contact, errors and drift. */
@ApplicationScoped
public class StatusService {
    private final FleetTargets targets;
    private final DeliveryStatusStore store;
    /** A cluster not heard from for this long counts as disconnected. */
    private final Duration disconnectedAfter;

    public StatusService(FleetTargets targets, DeliveryStatusStore store, AgentConfig agents) {
        this.targets = targets;
        this.store = store;
        this.disconnectedAfter = agents.disconnectedAfter();
    }

    public enum State {
        PENDING, APPLIED, PARTIAL, FAILED, DISCONNECTED
    }

    public record ClusterStatus(String cluster, @Schema(nullable = true) Integer desiredRevision,
            @Schema(nullable = true) Integer appliedRevision, State state,
            @Schema(nullable = true) OffsetDateTime lastContactAt, @Schema(nullable = true) OffsetDateTime reportedAt,
            List<JsonNode> errors, @Schema(nullable = true) JsonNode drift) {
    }

    public record MeshStatus(String mesh, @Schema(nullable = true) Integer currentRevision, Map<State, Integer> summary,
            List<ClusterStatus> clusters) {
    }

    /** Every cluster the mesh's placement selects, with what its agent last reported for the mesh. */
    public MeshStatus status(Mesh mesh) {
        Map<UUID, DeliveryStatusStore.Reported> reports = store.forMesh(mesh.id);
        Map<State, Integer> summary = new TreeMap<>();
        List<ClusterStatus> clusters = new ArrayList<>();
        OffsetDateTime contactDeadline = OffsetDateTime.now().minus(disconnectedAfter);
        for (Cluster c : targets.selected(mesh.tenantId, mesh.placement)) {
            DeliveryStatusStore.Reported reported = reports.get(c.id);
            Integer desired = mesh.currentRevision;
            State state;
            if (c.lastContactAt == null || c.lastContactAt.isBefore(contactDeadline) || c.credentialHash == null) {
                state = State.DISCONNECTED;
            } else if (desired == null || reported == null || reported.revision() != desired) {
                state = desired == null ? State.APPLIED : State.PENDING;
            } else {
                state = State.valueOf(reported.state());
            }
            List<JsonNode> errors = new ArrayList<>();
            if (reported != null) {
                reported.results().forEach(r -> {
                    String outcome = r.path("outcome").asText();
                    if (outcome.equals("FAILED") || outcome.equals("CONFLICT")) {
                        errors.add(r);
                    }
                });
            }
            summary.merge(state, 1, Integer::sum);
            clusters.add(new ClusterStatus(c.name, desired, reported == null ? null : reported.revision(), state,
                    c.lastContactAt, reported == null ? null : reported.reportedAt(), errors,
                    reported == null ? null : reported.drift()));
        }
        return new MeshStatus(mesh.name, mesh.currentRevision, summary, clusters);
    }
}
