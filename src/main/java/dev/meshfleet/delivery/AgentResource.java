package dev.meshfleet.delivery;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestPath;

import dev.meshfleet.protocol.AgentProtocol;
import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.tenancy.Tenant;

/**
 * The agent protocol (documented in openapi/agent-v1.yaml). Agents dial out: they register once with the bootstrap
 * token, then hold a Server-Sent Event stream of desired revisions, fetch bundles and post reports. Agents are not OIDC
 * callers; they authenticate with their cluster credential.
 */
@Path(AgentProtocol.BASE_PATH)
@Tag(name = "agent")
public class AgentResource {
    /** For answers carrying a credential: no cache (proxy, client library) may keep them. */
    private static final String NO_STORE = "no-store";
    /** How long a report may wait for its batch to commit before the agent is told to retry (503). */
    static final java.time.Duration REPORT_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final AgentCredentials credentials;
    private final DesiredState desired;
    private final AgentStreams streams;
    private final DeliveryStatusStore status;
    private final Event<AgentReported> reported;
    private final ReportWriter reports;

    public AgentResource(AgentCredentials credentials, DesiredState desired, AgentStreams streams,
            DeliveryStatusStore status, Event<AgentReported> reported, ReportWriter reports) {
        this.reported = reported;
        this.reports = reports;
        this.credentials = credentials;
        this.desired = desired;
        this.streams = streams;
        this.status = status;
    }

    public record Register(String bootstrapToken, String agentVersion) {
    }

    public record Registered(String tenant, String cluster, String credential) {
    }

    public record Rotated(String credential) {
    }

    /** One applied (or not) resource. outcome: APPLIED, UNCHANGED, PRUNED, CONFLICT, FAILED. */
    public record ResourceResult(String apiVersion, String kind, String namespace, String name, String outcome,
            String error) {
    }

    /** A change someone else made to a managed resource. */
    public record Drift(String apiVersion, String kind, String namespace, String name, List<String> fields,
            String manager, OffsetDateTime at, boolean corrected) {
    }

    /**
     * rollouts: the rollout weights (id, generation) the applied bundle carried, as the bundle listed them; once the
     * revision applied cleanly each confirms that generation to the rollout engine.
     */
    public record Report(String mesh, Integer revision, String istioVersion, List<String> istioApiVersions,
            String agentVersion, List<ResourceResult> results, List<Drift> drift, List<AppliedWeight> rollouts) {
    }

    public record AppliedWeight(UUID id, Long generation) {
    }

    /** One round of a rollout's analysis queries on this cluster: per metric key, the value (null: no data) or an error. */
    public record Measurements(List<Measured> values) {
    }

    public record Measured(String metric, Double value, String error) {
    }

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Exchange the one-time bootstrap token for the cluster's own credential (shown once)")
    @APIResponse(responseCode = "201",
            description = "Registered: the cluster's credential, shown once (Cache-Control: no-store)",
            headers = @org.eclipse.microprofile.openapi.annotations.headers.Header(name = HttpHeaders.CACHE_CONTROL,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                            enumeration = NO_STORE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Registered.class)))
    public Response register(Register body) {
        new Checks().present(body, "$").throwIfAny();
        ReportChecks.register(body);
        AgentCredentials.Issued issued = credentials.register(body.bootstrapToken());
        Cluster cluster = issued.cluster();
        cluster.agentVersion = body.agentVersion();
        cluster.lastContactAt = OffsetDateTime.now();
        Tenant tenant = Tenant.findById(cluster.tenantId);
        return Response.status(201).header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .entity(new Registered(tenant.name, cluster.name, issued.credential())).build();
    }

    @POST
    @Path("/credential/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Replace the agent's credential; the old one stops working at once")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200",
            description = "The new credential, shown once (Cache-Control: no-store)",
            headers = @org.eclipse.microprofile.openapi.annotations.headers.Header(name = HttpHeaders.CACHE_CONTROL,
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                            enumeration = NO_STORE)),
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = Rotated.class)))
    public Response rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Cluster cluster = credentials.authenticate(authorization);
        return Response.ok(new Rotated(credentials.issue(cluster))).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    @GET
    @Path("/desired")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "The desired revision of every mesh that targets this cluster (the stream's first events)")
    public List<DesiredState.DesiredMesh> desired(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Cluster cluster = touch(credentials.authenticate(authorization));
        return desired.forCluster(cluster);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-Sent Events: 'desired' notices (mesh, revision, bundle) and heartbeats",
            description = "On every (re)connect the current desired set is sent first, so an agent that missed notices "
                    + "converges straight to the latest revisions.")
    @APIResponse(responseCode = "200", description = "An event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    public void stream(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context SseEventSink sink,
            @Context Sse sse) {
        var opened = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            Cluster cluster = touch(credentials.authenticate(authorization));
            DesiredState.TenantState tenant = desired.tenantState(cluster.tenantId);
            return Map.entry(cluster, desired.withContent(cluster, desired.forCluster(cluster, tenant), tenant));
        });
        streams.open(opened.getKey(), opened.getValue(), sink, sse);
    }

    @GET
    @Path("/bundles/{mesh}/{revision}")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "The resources this cluster should run for a mesh at a revision, and what to prune")
    @APIResponse(responseCode = "200", description = "The bundle",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DesiredState.Bundle.class)))
    public Response bundle(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RestPath String mesh, @RestPath String revision) {
        Cluster cluster = credentials.authenticate(authorization);
        int number;
        try {
            number = Integer.parseInt(revision);
        } catch (NumberFormatException e) {
            throw NotFoundException.of("revision", revision);
        }
        return Response.ok(desired.bundleJson(cluster, mesh, number), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/reports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report per-resource outcomes of applying a revision, drift found, and the cluster's Istio")
    @APIResponse(responseCode = "202", description = "Accepted")
    public Response report(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Report body) {
        String credentialHash = AgentCredentials.credentialHash(authorization);
        new Checks().present(body, "$").throwIfAny();
        if (body.mesh() != null) {
            new Checks().present(body.revision(), "$.revision").throwIfAny();
        }
        Report bounded = ReportChecks.report(body);
        // the hot path of a fleet-wide change (one report per cluster): written in batches, answered once committed
        ReportWriter.awaitStored(reports.submit(credentialHash, bounded), REPORT_TIMEOUT);
        return Response.accepted().build();
    }

    @POST
    @Path("/rollouts/{rollout}/measurements")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Report one round of a rollout's analysis queries run against this cluster's Prometheus")
    @APIResponse(responseCode = "202", description = "Accepted")
    public Response measurements(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @RestPath String rollout,
            Measurements body) {
        DeliveryStatusStore.Reporter reporter = status.reporter(AgentCredentials.credentialHash(authorization))
                .orElseThrow(AgentCredentials::unknown);
        Checks checks = new Checks().present(body, "$");
        checks.throwIfAny();
        checks.present(body.values(), "$.values");
        if (body.values() != null) {
            for (int i = 0; i < body.values().size(); i++) {
                Measured m = body.values().get(i);
                checks.require(m != null && m.metric() != null && !m.metric().isBlank() && m.metric().length() <= 200,
                        "$.values[" + i + "].metric", "give the metric key the desired state named");
            }
        }
        checks.throwIfAny();
        UUID rolloutId;
        try {
            rolloutId = UUID.fromString(rollout);
        } catch (IllegalArgumentException e) {
            throw NotFoundException.of("rollout", rollout);
        }
        // stored by whoever observes it (rollouts), in this transaction; a rollout not this cluster's is a 404
        reported.fire(new AgentReported.Measured(reporter.clusterId(), rollout, rolloutId, body.values().stream()
                .map(m -> new AgentReported.Value(m.metric(), m.value(),
                        m.error() == null ? null : m.error().substring(0, Math.min(500, m.error().length()))))
                .toList()));
        return Response.accepted().build();
    }

    private static Cluster touch(Cluster cluster) {
        cluster.lastContactAt = OffsetDateTime.now();
        return cluster;
    }

}
