package dev.meshfleet.cluster.rest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.service.ClusterService;
import dev.meshfleet.cluster.service.ClusterService.IssuedToken;
import dev.meshfleet.cluster.service.ClusterService.PatchCluster;
import dev.meshfleet.cluster.service.ClusterService.RegisterCluster;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.common.labels.LabelSelector;
import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/**
 * Cluster registration and labels. Registration answers with a one-time bootstrap token for the cluster's agent. (The
 * agent's install manifest, {@code .../clusters/{cluster}/agent.yaml}, is delivery's: see AgentInstallResource.)
 */
@Path("/api/v1/tenants/{tenant}/clusters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "clusters")
public class ClusterResource {
    private static final String MERGE_PATCH = "application/merge-patch+json";
    /** For answers carrying a token: no cache (browser, proxy) may keep them. */
    private static final String NO_STORE = "no-store";
    /** The largest page of clusters: a 1,000-cluster fleet fits one (other lists stop at 500). */
    private static final int MAX_PAGE = 1000;

    private final TenantAccess access;
    private final ClusterService clusters;

    public ClusterResource(TenantAccess access, ClusterService clusters) {
        this.access = access;
        this.clusters = clusters;
    }

    public record AgentView(boolean registered, @Schema(nullable = true) String agentVersion,
            @Schema(nullable = true) String istioVersion, @Schema(nullable = true) List<String> istioApiVersions,
            @Schema(nullable = true) OffsetDateTime credentialIssuedAt,
            @Schema(nullable = true) OffsetDateTime lastContactAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterView(String name, Map<String, String> labels, @Schema(nullable = true) String prometheusUrl,
            AgentView agent, @Schema(nullable = true) OffsetDateTime bootstrapExpiresAt, OffsetDateTime createdAt) {
        static ClusterView of(Cluster c) {
            return new ClusterView(c.name, new TreeMap<>(c.labels), c.prometheusUrl,
                    new AgentView(c.credentialHash != null, c.agentVersion, c.istioVersion, c.istioApiVersions,
                            c.credentialIssuedAt, c.lastContactAt),
                    c.bootstrapExpiresAt, c.createdAt);
        }
    }

    /** Returned once, at registration or reissue: the token is not stored and cannot be read again. */
    public record BootstrapView(ClusterView cluster, String bootstrapToken, OffsetDateTime expiresAt) {
        static BootstrapView of(IssuedToken issued) {
            return new BootstrapView(ClusterView.of(issued.cluster()), issued.bootstrapToken(),
                    issued.cluster().bootstrapExpiresAt);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Register a cluster; returns its one-time bootstrap token")
    @APIResponse(responseCode = "201", description = "Registered; the bootstrap token is shown once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BootstrapView.class)))
    public Response register(@RestPath String tenant, RegisterCluster body) {
        IssuedToken registered = clusters.register(access.tenant().id, body);
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/clusters/" + registered.cluster().name))
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .entity(BootstrapView.of(registered)).build();
    }

    @GET
    @TenantRole(Role.VIEWER)
    @Operation(summary = "List clusters, optionally filtered by a Kubernetes label selector",
            description = "limit: 1 to 1000 clusters a page (50 by default): the console shows a 1,000-cluster fleet on one page")
    public Page<ClusterView> list(@RestPath String tenant, @RestQuery String selector, @RestQuery Integer limit,
            @RestQuery String cursor) {
        LabelSelector parsed;
        try {
            parsed = LabelSelector.parse(selector);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("selector", e.getMessage());
        }
        int max = Cursor.limit(limit, MAX_PAGE);
        List<Cluster> rows = clusters.list(access.tenant().id, parsed, Cursor.decode(cursor).orElse(""), max + 1);
        return Page.of(rows, max, ClusterView::of, c -> c.name);
    }

    @GET
    @Path("/{cluster}")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Get a cluster")
    public ClusterView get(@RestPath String tenant, @RestPath String cluster) {
        return ClusterView.of(clusters.get(access.tenant().id, cluster));
    }

    @PATCH
    @Path("/{cluster}")
    @Consumes({ MERGE_PATCH, MediaType.APPLICATION_JSON })
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Change a cluster's labels (JSON merge patch: null removes a label)")
    public ClusterView patch(@RestPath String tenant, @RestPath String cluster, PatchCluster body) {
        return ClusterView.of(clusters.patch(access.tenant().id, cluster, body));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{cluster}/bootstrap-token")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Issue a new one-time bootstrap token (the previous one stops working)")
    @APIResponse(responseCode = "200", description = "The token, shown once (Cache-Control: no-store)",
            headers = @Header(name = HttpHeaders.CACHE_CONTROL, schema = @Schema(type = SchemaType.STRING, enumeration = NO_STORE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BootstrapView.class)))
    public Response reissueBootstrapToken(@RestPath String tenant, @RestPath String cluster) {
        IssuedToken issued = clusters.reissueBootstrapToken(access.tenant().id, cluster);
        return Response.ok(BootstrapView.of(issued)).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{cluster}/credential/revoke")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Revoke the agent's credential: it gets 401 and stops applying (re-register with a new bootstrap token)")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revokeCredential(@RestPath String tenant, @RestPath String cluster) {
        clusters.revokeCredential(access.tenant().id, cluster);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{cluster}")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Delete a cluster (its agent's credential stops working)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@RestPath String tenant, @RestPath String cluster) {
        clusters.delete(access.tenant().id, cluster);
        return Response.noContent().build();
    }
}
