package dev.meshfleet.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.FleetTargets;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/** Fleet status of a mesh: per cluster the desired and applied revision, state, last contact, errors and drift. */
@Path("/api/v1/tenants/{tenant}/meshes/{mesh}/status")
@Tag(name = "delivery")
public class StatusResource {
    private final TenantAccess access;
    private final FleetTargets targets;
    private final DeliveryStatusStore store;
    private final Duration disconnectedAfter;

    public StatusResource(TenantAccess access, FleetTargets targets, DeliveryStatusStore store,
            AgentStreamConfig agents) {
        this.access = access;
        this.targets = targets;
        this.store = store;
        this.disconnectedAfter = agents.heartbeatInterval().multipliedBy(3);
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

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Where the mesh's current revision is applied, pending, failed or disconnected")
    public MeshStatus status(@RestPath String tenant, @RestPath String mesh) {
        Mesh found = Mesh.findByName(access.tenant().id, mesh).orElseThrow(() -> NotFoundException.of("mesh", mesh));
        Map<java.util.UUID, DeliveryStatusStore.Reported> reports = store.forMesh(found.id);
        Map<State, Integer> summary = new TreeMap<>();
        List<ClusterStatus> clusters = new ArrayList<>();
        OffsetDateTime contactDeadline = OffsetDateTime.now().minus(disconnectedAfter);
        for (Cluster c : targets.selected(found.tenantId, found.placement)) {
            DeliveryStatusStore.Reported reported = reports.get(c.id);
            Integer desired = found.currentRevision;
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
        return new MeshStatus(mesh, found.currentRevision, summary, clusters);
    }
}
