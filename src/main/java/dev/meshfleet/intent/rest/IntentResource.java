package dev.meshfleet.intent.rest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.common.json.JsonDiff;
import dev.meshfleet.common.json.TextRules;
import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.common.web.ETags;
import dev.meshfleet.common.web.RequestContext;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.IntentCodec.CanonicalIntent;
import dev.meshfleet.intent.IntentRevision;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.RevisionDocuments;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.service.IntentService;
import dev.meshfleet.intent.service.IntentService.Outcome;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/** A mesh's intent: the current document, its immutable revisions, diffs between them, and restore. */
@Path("/api/v1/tenants/{tenant}/meshes/{mesh}")
@Tag(name = "intent")
public class IntentResource {
    public static final String YAML = "application/yaml";

    private final TenantAccess access;
    private final IntentService intents;
    private final RequestContext request;
    private final ObjectMapper json;
    private final RevisionDocuments documents;

    public IntentResource(TenantAccess access, IntentService intents, RequestContext request, ObjectMapper json,
            RevisionDocuments documents) {
        this.access = access;
        this.documents = documents;
        this.intents = intents;
        this.request = request;
        this.json = json;
    }

    public record RevisionView(int number, String author, String source, @Schema(nullable = true) String sourceRef,
            @Schema(nullable = true) Integer parent,
            String sha256, OffsetDateTime createdAt, List<Finding> findings,
            @Schema(nullable = true, description = "where a revision from git came from: repository, branch, path, "
                    + "commit, author, message, gitSource") java.util.Map<String, String> provenance) {
        static RevisionView of(IntentRevision r) {
            return new RevisionView(r.number, r.author, r.source, r.sourceRef, r.parent, r.specSha256, r.createdAt,
                    r.findings == null ? List.of() : r.findings, r.provenance);
        }
    }

    public record RevisionDetail(int number, String author, String source, @Schema(nullable = true) String sourceRef,
            @Schema(nullable = true) Integer parent,
            String sha256, OffsetDateTime createdAt, List<Finding> findings, JsonNode intent,
            @Schema(nullable = true, description = "where a revision from git came from") java.util.Map<String, String> provenance) {
    }

    public record DiffView(int from, int to, List<JsonDiff.Change> changes) {
    }

    @PUT
    @Path("/intent")
    @Consumes({ YAML, "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON })
    @Produces(MediaType.APPLICATION_JSON)
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Replace the mesh's intent, creating a new immutable revision",
            description = "YAML or JSON (apiVersion meshfleet.dev/v1, kind Mesh). If-Match with the current ETag is "
                    + "required once a revision exists. 201 with the new revision, or 200 when the intent is unchanged.")
    @RequestBody(required = true, content = {
            @Content(mediaType = YAML, schema = @Schema(implementation = MeshIntent.class)),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeshIntent.class)) })
    @APIResponse(responseCode = "201", description = "A new revision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RevisionView.class)))
    @APIResponse(responseCode = "200", description = "Unchanged: the current revision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RevisionView.class)))
    public Response put(@RestPath String tenant, @RestPath String mesh, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        CanonicalIntent intent = IntentCodec.accept(body, IntentCodec.isJsonMediaType(contentType), mesh);
        Outcome outcome = intents.commit(access.tenant(), mesh, intent, ifMatch, access.caller().subject(),
                request.source(), null);
        return revisionResponse(tenant, mesh, outcome);
    }

    @GET
    @Path("/intent")
    @Produces({ MediaType.APPLICATION_JSON, YAML })
    @TenantRole(Role.VIEWER)
    @Operation(summary = "The mesh's current intent (JSON, or YAML with Accept: application/yaml), with its ETag")
    @APIResponse(responseCode = "200", description = "The intent document (format v1, as in PUT)", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON), @Content(mediaType = YAML) })
    @APIResponse(responseCode = "304", description = "Not modified: If-None-Match names the current revision")
    public Response current(@RestPath String tenant, @RestPath String mesh,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Mesh.Head found = intents.head(access.tenant().id, mesh);
        if (found.currentRevision() == null) {
            throw new NotFoundException("mesh '" + mesh + "' has no intent yet");
        }
        String etag = ETags.of(found.currentRevision());
        if (ETags.matches(ifNoneMatch, found.currentRevision())) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        String document = documents.json(found.id(), found.currentRevision());
        boolean yaml = accept != null && accept.contains("yaml") && !accept.contains(MediaType.APPLICATION_JSON);
        Object body = document;
        if (yaml) {
            try {
                body = IntentCodec.toYaml(json.readTree(document));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return Response.ok(body, yaml ? YAML : MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ETAG, etag)
                .header("Meshfleet-Revision", found.currentRevision())
                .build();
    }

    @GET
    @Path("/revisions")
    @Produces(MediaType.APPLICATION_JSON)
    @TenantRole(Role.VIEWER)
    @Operation(summary = "The mesh's revisions, newest first")
    public Page<RevisionView> revisions(@RestPath String tenant, @RestPath String mesh, @RestQuery Integer limit,
            @RestQuery String cursor) {
        Mesh found = findMesh(mesh);
        int max = Cursor.limit(limit);
        long before = Cursor.decodeLong(cursor).orElse((long) Integer.MAX_VALUE);
        List<IntentRevision> rows = intents.revisions(found, (int) Math.min(before, Integer.MAX_VALUE), max + 1);
        return Page.of(rows, max, RevisionView::of, r -> Integer.toString(r.number));
    }

    @GET
    @Path("/revisions/{number}")
    @Produces(MediaType.APPLICATION_JSON)
    @TenantRole(Role.VIEWER)
    @Operation(summary = "One revision, with its intent document")
    public Response revision(@RestPath String tenant, @RestPath String mesh, @RestPath String number) {
        IntentRevision r = findRevision(findMesh(mesh), number, "number");
        RevisionDetail detail = new RevisionDetail(r.number, r.author, r.source, r.sourceRef, r.parent, r.specSha256,
                r.createdAt, r.findings == null ? List.of() : r.findings, documents.tree(r), r.provenance);
        return Response.ok(detail).header(HttpHeaders.ETAG, ETags.of(r.number)).build();
    }

    @GET
    @Path("/revisions/{from}/diff/{to}")
    @Produces(MediaType.APPLICATION_JSON)
    @TenantRole(Role.VIEWER)
    @Operation(summary = "What changed from one revision to another")
    public DiffView diff(@RestPath String tenant, @RestPath String mesh, @RestPath String from, @RestPath String to) {
        Mesh found = findMesh(mesh);
        IntentRevision a = findRevision(found, from, "from");
        IntentRevision b = findRevision(found, to, "to");
        return new DiffView(a.number, b.number, JsonDiff.between(documents.tree(a), documents.tree(b)));
    }

    @POST
    @Path("/revisions/{number}/restore")
    @Produces(MediaType.APPLICATION_JSON)
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Make a new revision equal to an earlier one (one-step rollback); needs If-Match")
    @APIResponse(responseCode = "201", description = "A new revision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RevisionView.class)))
    @APIResponse(responseCode = "200", description = "Unchanged: the current revision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RevisionView.class)))
    public Response restore(@RestPath String tenant, @RestPath String mesh, @RestPath String number,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        IntentRevision old = findRevision(findMesh(mesh), number, "number");
        CanonicalIntent intent = IntentCodec.acceptStored(documents.tree(old), mesh);
        Outcome outcome = intents.commit(access.tenant(), mesh, intent, ifMatch, access.caller().subject(), "restore",
                "revision:" + old.number);
        return revisionResponse(tenant, mesh, outcome);
    }

    private Response revisionResponse(String tenant, String mesh, Outcome outcome) {
        IntentRevision r = outcome.revision();
        URI location = URI.create("/api/v1/tenants/" + tenant + "/meshes/" + mesh + "/revisions/" + r.number);
        Response.ResponseBuilder response = outcome.created() ? Response.created(location) : Response.ok();
        return response.entity(RevisionView.of(r)).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ETAG, ETags.of(r.number)).build();
    }

    private Mesh findMesh(String mesh) {
        return intents.mesh(access.tenant().id, mesh);
    }

    private IntentRevision findRevision(Mesh mesh, String number, String parameter) {
        int n;
        try {
            n = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw ValidationException.of(parameter, "'" + TextRules.printable(number.length() > 40 ? number.substring(0, 40) + "..."
                    : number) + "' is not a revision number");
        }
        return intents.revision(mesh, n, number);
    }
}
