package dev.meshfleet.delivery.rest;

import java.util.List;
import java.util.concurrent.CompletionStage;

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

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;

import dev.meshfleet.delivery.service.AgentSessions;
import dev.meshfleet.protocol.AgentProtocol;
import dev.meshfleet.protocol.Bundle;
import dev.meshfleet.protocol.DesiredMesh;
import dev.meshfleet.protocol.Measurements;
import dev.meshfleet.protocol.Register;
import dev.meshfleet.protocol.Registered;
import dev.meshfleet.protocol.Report;
import dev.meshfleet.protocol.Rotated;

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

    private final AgentSessions sessions;

    public AgentResource(AgentSessions sessions) {
        this.sessions = sessions;
    }

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange the one-time bootstrap token for the cluster's own credential (shown once)")
    @APIResponse(responseCode = "201",
            description = "Registered: the cluster's credential, shown once (Cache-Control: no-store)",
            headers = @org.eclipse.microprofile.openapi.annotations.headers.Header(name = HttpHeaders.CACHE_CONTROL,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                            enumeration = NO_STORE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Registered.class)))
    public Response register(Register body) {
        return Response.status(201).header(HttpHeaders.CACHE_CONTROL, NO_STORE).entity(sessions.register(body)).build();
    }

    @POST
    @Path("/credential/rotate")
    @Produces(MediaType.APPLICATION_JSON)
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
        return Response.ok(sessions.rotate(authorization)).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    @GET
    @Path("/desired")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The desired revision of every mesh that targets this cluster (the stream's first events)")
    public List<DesiredMesh> desired(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return sessions.desired(authorization);
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
            @Context Sse sse, @Context HttpServerResponse response) {
        sessions.openStream(authorization, sink, sse, frame -> response.write(Buffer.buffer(frame)).toCompletionStage());
    }

    @GET
    @Path("/bundles/{mesh}/{revision}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The resources this cluster should run for a mesh at a revision, and what to prune")
    @APIResponse(responseCode = "200", description = "The bundle",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Bundle.class)))
    public Response bundle(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RestPath String mesh, @RestPath String revision) {
        return Response.ok(sessions.bundleJson(authorization, mesh, revision), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path(AgentProtocol.ALIVE_PATH)
    @Operation(summary = "The agent is alive (every contactMillis of its stream's hello): keeps its cluster's last contact")
    @APIResponse(responseCode = "204", description = "Noted")
    public void alive(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        sessions.alive(authorization);
    }

    @POST
    @Path("/reports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Report per-resource outcomes of applying a revision, drift found, and the cluster's Istio")
    @APIResponse(responseCode = "202", description = "Accepted")
    @ResponseStatus(202)
    public CompletionStage<Void> report(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Report body) {
        // a worker reads and checks the report (not the event loop: a report may be megabytes, and its credential is
        // checked with its batch), queues it for the next batch and is free again; 202 once the batch has committed
        return sessions.report(authorization, body);
    }

    @POST
    @Path("/rollouts/{rollout}/measurements")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report one round of a rollout's analysis queries run against this cluster's Prometheus")
    @APIResponse(responseCode = "202", description = "Accepted")
    public Response measurements(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @RestPath String rollout,
            Measurements body) {
        sessions.measurements(authorization, rollout, body);
        return Response.accepted().build();
    }
}
