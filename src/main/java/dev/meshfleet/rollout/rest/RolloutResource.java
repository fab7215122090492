package dev.meshfleet.rollout.rest;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.rollout.core.RolloutRequest;
import dev.meshfleet.rollout.service.RolloutQueries;
import dev.meshfleet.rollout.service.RolloutService;
import dev.meshfleet.rollout.store.Rollout;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/** Canary rollouts of a mesh's services across its clusters. Operators start and steer them; viewers watch. */
@Path("/api/v1/tenants/{tenant}/meshes/{mesh}/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rollouts")
public class RolloutResource {
    private final TenantAccess access;
    private final RolloutService rollouts;
    private final RolloutQueries queries;
    private final RolloutEventStreams streams;

    public RolloutResource(TenantAccess access, RolloutService rollouts, RolloutQueries queries,
            RolloutEventStreams streams) {
        this.access = access;
        this.rollouts = rollouts;
        this.queries = queries;
        this.streams = streams;
    }

    /** An optional reason, recorded with the action (and shown in the abort event). */
    public record ActionRequest(String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantRole(Role.OPERATOR)
    @Operation(summary = "Start a canary rollout of a service (or services moved together) across the mesh's clusters")
    @APIResponse(responseCode = "201", description = "Created; the engine starts it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutView.class)))
    public Response create(@RestPath String tenant, @RestPath String mesh, RolloutRequest body) {
        Rollout created = rollouts.create(access.tenant(), mesh, body, access.caller().subject());
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/meshes/" + mesh + "/rollouts/" + created.id))
                .entity(view(mesh, created.id.toString())).build();
    }

    @GET
    @TenantRole(Role.VIEWER)
    @Operation(summary = "List rollouts, newest first: status=active (pending, progressing, paused), finished (history) or all")
    public Page<RolloutView> list(@RestPath String tenant, @RestPath String mesh, @RestQuery String status,
            @RestQuery Integer limit, @RestQuery String cursor) {
        Page<RolloutQueries.Snapshot> page = queries.list(access.tenant(), mesh, status, limit, cursor);
        return new Page<>(page.items().stream().map(r -> RolloutView.of(r, mesh)).toList(), page.nextCursor());
    }

    @GET
    @Path("/{id}")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "A rollout: phase, step, per wave and cluster the weight and confirmed revision, analysis history")
    public RolloutView get(@RestPath String tenant, @RestPath String mesh, @RestPath String id) {
        return view(mesh, id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}/{action}")
    @TenantRole(Role.OPERATOR)
    @Operation(summary = "Act on a rollout: pause, resume, promote (finish now), abort (all clusters to stable), retry")
    @APIResponse(responseCode = "202", description = "Accepted; the engine acts on it (watch the events)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutView.class)))
    public Response act(@RestPath String tenant, @RestPath String mesh, @RestPath String id, @RestPath String action,
            ActionRequest body) {
        new Checks().require(body == null || body.reason() == null || body.reason().length() <= 1000, "$.reason",
                "at most 1000 characters").throwIfAny();
        rollouts.act(access.tenant(), mesh, id, action, body == null ? null : body.reason());
        return Response.accepted(view(mesh, id)).build();
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Server-Sent Events: the rollout's events so far (after Last-Event-ID), then live")
    @APIResponse(responseCode = "200", description = "An event stream; each event's data is a JSON object (id, type, "
            + "detail, phase, wave, step, weight, at)", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    public void events(@RestPath String tenant, @RestPath String mesh, @RestPath String id,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context SseEventSink sink, @Context Sse sse) {
        java.util.UUID rolloutId = queries.id(access.tenant(), mesh, id);
        long after = 0;
        if (lastEventId != null) {
            try {
                after = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                throw ValidationException.of("Last-Event-ID", "must be an event id this stream sent");
            }
        }
        streams.watch(rolloutId, after, sink, sse, access.standing(Role.VIEWER));
    }

    private RolloutView view(String mesh, String id) {
        return RolloutView.of(queries.get(access.tenant(), mesh, id), mesh);
    }
}
