package dev.meshfleet.gitops.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.gitops.GitSourceRequest;
import dev.meshfleet.gitops.rest.GitSourceView.SyncView;
import dev.meshfleet.gitops.rest.GitSourceView.WithSecret;
import dev.meshfleet.gitops.service.GitSourceService;
import dev.meshfleet.gitops.store.GitSync;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/** A mesh's git sources: admins configure them and start syncs; viewers read them, their status and syncs. */
@Path("/api/v1/tenants/{tenant}/meshes/{mesh}/git-sources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "gitops")
public class GitSourceResource {
    private final TenantAccess access;
    private final GitSourceService sources;

    public GitSourceResource(TenantAccess access, GitSourceService sources) {
        this.access = access;
        this.sources = sources;
    }

    /** Optional body of a secret rotation: the new secret, else one is generated. */
    public record SecretRequest(@Schema(nullable = true) String webhookSecret) {
    }

    @POST
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Add a git source to the mesh; the answer shows its webhook secret, once",
            description = "The first sync starts at once. Configure the provider's webhook with webhookPath (under "
                    + "Meshfleet's public URL), content type application/json, and the secret.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WithSecret.class)))
    public Response create(@RestPath String tenant, @RestPath String mesh, GitSourceRequest body) {
        if (body == null) {
            throw ValidationException.of("$", "a git source is required");
        }
        GitSourceService.WithSecret created = sources.create(access.tenant(), mesh, body);
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/meshes/" + mesh + "/git-sources/"
                + created.source().name)).header("Cache-Control", "no-store")
                .entity(new WithSecret(view(created.source(), mesh), created.webhookSecret())).build();
    }

    @GET
    @TenantRole(Role.VIEWER)
    @Operation(summary = "The mesh's git sources with their status")
    public List<GitSourceView> list(@RestPath String tenant, @RestPath String mesh) {
        return sources.list(access.tenant(), mesh).stream().map(s -> view(s, mesh)).toList();
    }

    @GET
    @Path("/{name}")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "A git source: configuration (no secrets), last delivery, last sync, findings")
    public GitSourceView get(@RestPath String tenant, @RestPath String mesh, @RestPath String name) {
        return view(sources.get(access.tenant(), mesh, name), mesh);
    }

    @PATCH
    @Path("/{name}")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Change a git source (only the fields given); a sync follows unless it is suspended")
    public GitSourceView update(@RestPath String tenant, @RestPath String mesh, @RestPath String name,
            GitSourceRequest body) {
        if (body == null) {
            throw ValidationException.of("$", "the fields to change are required");
        }
        return view(sources.update(access.tenant(), mesh, name, body), mesh);
    }

    @DELETE
    @Path("/{name}")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Remove a git source (the mesh's revisions stay); its webhook stops working at once")
    @APIResponse(responseCode = "204", description = "Removed")
    public void delete(@RestPath String tenant, @RestPath String mesh, @RestPath String name) {
        sources.delete(access.tenant(), mesh, name);
    }

    @POST
    @Path("/{name}/webhook-secret")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Replace the webhook secret (given, or generated); the old one stops working at once")
    @APIResponse(responseCode = "200", description = "The new secret, shown once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WithSecret.class)))
    public Response rotateSecret(@RestPath String tenant, @RestPath String mesh, @RestPath String name,
            SecretRequest body) {
        GitSourceService.WithSecret rotated = sources.rotateSecret(access.tenant(), mesh, name,
                body == null ? null : body.webhookSecret());
        return Response.ok(new WithSecret(view(rotated.source(), mesh), rotated.webhookSecret()))
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/{name}/sync")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Sync now: fetch the branch and commit its intent file as a new revision if it changed")
    @APIResponse(responseCode = "202", description = "Accepted; watch the source's status and syncs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GitSourceView.class)))
    public Response sync(@RestPath String tenant, @RestPath String mesh, @RestPath String name) {
        return Response.accepted(view(sources.requestSync(access.tenant(), mesh, name), mesh)).build();
    }

    @GET
    @Path("/{name}/syncs")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "The source's syncs, newest first: commit, author, message, result, revision, findings")
    public Page<SyncView> syncs(@RestPath String tenant, @RestPath String mesh, @RestPath String name,
            @RestQuery Integer limit, @RestQuery String cursor) {
        int max = Cursor.limit(limit);
        long before = Cursor.decodeLong(cursor).orElse(Long.MAX_VALUE);
        List<GitSync> rows = sources.syncs(access.tenant(), mesh, name, before, max + 1);
        return Page.of(rows, max, SyncView::of, s -> Long.toString(s.id));
    }

    private GitSourceView view(dev.meshfleet.gitops.store.GitSource source, String mesh) {
        return GitSourceView.of(source, mesh, sources.lastDelivery(source));
    }
}
