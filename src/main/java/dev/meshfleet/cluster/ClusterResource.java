package dev.meshfleet.cluster;

import dev.meshfleet.common.labels.LabelSelector;

import dev.meshfleet.common.labels.Labels;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.tenancy.CurrentCaller;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ConflictException;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.common.outbox.Outbox;
import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/** Cluster registration and labels. Registration answers with a one-time bootstrap token for the cluster's agent. */
@Path("/api/v1/tenants/{tenant}/clusters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "clusters")
public class ClusterResource {
    private static final String MERGE_PATCH = "application/merge-patch+json";
    /** For answers carrying a token: no cache (browser, proxy) may keep them. */
    private static final String NO_STORE = "no-store";

    private final TenantAccess access;
    private final AuditLog audit;
    private final CurrentCaller caller;
    private final ClusterQueries queries;
    private final ClusterConfig config;
    private final AgentManifests manifests;
    private final Outbox outbox;
    /** Lets the meshes a cluster receives refuse labels under which their intent would fail (IntentChecks observes). */
    @jakarta.inject.Inject
    jakarta.enterprise.event.Event<ClusterLabelsChanging> labelsChanging;

    public ClusterResource(TenantAccess access, AuditLog audit, ClusterQueries queries, ClusterConfig config,
            AgentManifests manifests, Outbox outbox, CurrentCaller caller) {
        this.access = access;
        this.caller = caller;
        this.audit = audit;
        this.queries = queries;
        this.config = config;
        this.manifests = manifests;
        this.outbox = outbox;
    }

    /** prometheusUrl: where the cluster's agent queries Prometheus for rollout analysis (http or https). */
    public record RegisterCluster(String name, Map<String, String> labels, String prometheusUrl) {
    }

    /**
     * JSON merge patch (RFC 7386) of the labels: a null value removes a label. {@code prometheusUrl} replaces the URL
     * when given ("" removes it).
     */
    public record PatchCluster(Map<String, String> labels, String prometheusUrl) {
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
    }

    @POST
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Register a cluster; returns its one-time bootstrap token")
    @APIResponse(responseCode = "201", description = "Registered; the bootstrap token is shown once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BootstrapView.class)))
    public Response register(@RestPath String tenant, RegisterCluster body) {
        new Checks().present(body, "$").throwIfAny();
        Checks checks = new Checks().dnsLabel(body.name(), "$.name");
        Labels.check(body.labels(), "$.labels", checks);
        checks.require(body.labels() == null || body.labels().values().stream().allMatch(v -> v != null), "$.labels",
                "label values must not be null");
        checkPrometheusUrl(body.prometheusUrl(), checks);
        checks.throwIfAny();
        UUID tenantId = access.tenant().id;
        if (Cluster.findByName(tenantId, body.name()).isPresent()) {
            throw new ConflictException("cluster '" + body.name() + "' already exists");
        }
        Cluster cluster = new Cluster();
        cluster.id = UUID.randomUUID();
        cluster.tenantId = tenantId;
        cluster.name = body.name();
        cluster.labels = body.labels() == null ? Map.of() : new TreeMap<>(body.labels());
        cluster.prometheusUrl = body.prometheusUrl() == null || body.prometheusUrl().isEmpty() ? null : body.prometheusUrl();
        String token = issueBootstrapToken(cluster);
        cluster.persistAndFlush();
        Cluster.getEntityManager().refresh(cluster);
        labelsChanging.fire(new ClusterLabelsChanging(cluster, null));
        audit.record(caller.actor(), Change.of(tenantId, "cluster.register", "cluster", cluster.name)
                .details(Map.of("labels", cluster.labels)));
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/clusters/" + cluster.name))
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .entity(new BootstrapView(ClusterView.of(cluster), token, cluster.bootstrapExpiresAt)).build();
    }

    @GET
    @TenantRole(Role.VIEWER)
    @Operation(summary = "List clusters, optionally filtered by a Kubernetes label selector")
    public Page<ClusterView> list(@RestPath String tenant, @RestQuery String selector, @RestQuery Integer limit,
            @RestQuery String cursor) {
        LabelSelector parsed;
        try {
            parsed = LabelSelector.parse(selector);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("selector", e.getMessage());
        }
        int max = Cursor.limit(limit);
        List<Cluster> rows = queries.select(access.tenant().id, parsed, Cursor.decode(cursor).orElse(""), max + 1);
        return Page.of(rows, max, ClusterView::of, c -> c.name);
    }

    @GET
    @Path("/{cluster}")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Get a cluster")
    public ClusterView get(@RestPath String tenant, @RestPath String cluster) {
        return ClusterView.of(find(cluster));
    }

    @PATCH
    @Path("/{cluster}")
    @Consumes({ MERGE_PATCH, MediaType.APPLICATION_JSON })
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Change a cluster's labels (JSON merge patch: null removes a label)")
    public ClusterView patch(@RestPath String tenant, @RestPath String cluster, PatchCluster body) {
        new Checks().present(body, "$").throwIfAny();
        Checks checks = new Checks().require(body.labels() != null || body.prometheusUrl() != null, "$",
                "give labels, prometheusUrl or both");
        Labels.check(body.labels(), "$.labels", checks);
        checkPrometheusUrl(body.prometheusUrl(), checks);
        checks.throwIfAny();
        Cluster found = find(cluster);
        if (body.prometheusUrl() != null) {
            String url = body.prometheusUrl().isEmpty() ? null : body.prometheusUrl();
            if (!java.util.Objects.equals(url, found.prometheusUrl)) {
                audit.record(caller.actor(), Change.of(found.tenantId, "cluster.prometheus-url", "cluster", found.name)
                        .details(java.util.Collections.singletonMap("prometheusUrl", url)));
            }
            found.prometheusUrl = url;
        }
        Map<String, String> before = new TreeMap<>(found.labels);
        Map<String, String> after = new TreeMap<>(found.labels);
        (body.labels() == null ? Map.<String, String> of() : body.labels()).forEach((key, value) -> {
            if (value == null) {
                after.remove(key);
            } else {
                after.put(key, value);
            }
        });
        if (after.size() > Labels.MAX_COUNT) {
            throw ValidationException.of("$.labels", "the cluster would have " + after.size() + " labels; at most "
                    + Labels.MAX_COUNT + " are allowed");
        }
        found.labels = after;
        if (!after.equals(before)) {
            labelsChanging.fire(new ClusterLabelsChanging(found, before));
        }
        outbox.add(Topics.DELIVERY_CHANGES, found.tenantId.toString(), Map.of("tenantId", found.tenantId.toString()));
        if (body.labels() != null) {
            audit.record(caller.actor(), Change.of(found.tenantId, "cluster.labels", "cluster", found.name)
                    .details(Map.of("before", before, "after", after)));
        }
        return ClusterView.of(found);
    }

    private static void checkPrometheusUrl(String url, Checks checks) {
        if (url == null || url.isEmpty()) {
            return;
        }
        boolean ok;
        try {
            URI uri = URI.create(url);
            ok = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getUserInfo() == null && url.length() <= 2000;
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        checks.require(ok, "$.prometheusUrl", "must be an http(s) URL with a host and no query or credentials");
    }

    @POST
    @Path("/{cluster}/bootstrap-token")
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Issue a new one-time bootstrap token (the previous one stops working)")
    @APIResponse(responseCode = "200", description = "The token, shown once (Cache-Control: no-store)",
            headers = @Header(name = HttpHeaders.CACHE_CONTROL, schema = @Schema(type = SchemaType.STRING, enumeration = NO_STORE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BootstrapView.class)))
    public Response reissueBootstrapToken(@RestPath String tenant, @RestPath String cluster) {
        Cluster found = find(cluster);
        String token = issueBootstrapToken(found);
        audit.record(caller.actor(), Change.of(found.tenantId, "cluster.bootstrap-token", "cluster", found.name));
        return Response.ok(new BootstrapView(ClusterView.of(found), token, found.bootstrapExpiresAt))
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    @POST
    @Path("/{cluster}/credential/revoke")
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Revoke the agent's credential: it gets 401 and stops applying (re-register with a new bootstrap token)")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revokeCredential(@RestPath String tenant, @RestPath String cluster) {
        Cluster found = find(cluster);
        found.credentialHash = null;
        found.credentialIssuedAt = null;
        outbox.add(Topics.DELIVERY_CHANGES, found.tenantId.toString(), Map.of("revokedClusterId", found.id.toString()));
        audit.record(caller.actor(), Change.of(found.tenantId, "cluster.credential-revoke", "cluster", found.name));
        return Response.noContent().build();
    }

    @GET
    @Path("/{cluster}/agent.yaml")
    @Produces(AgentManifests.YAML)
    @TenantRole(Role.ADMIN)
    @Operation(summary = "The agent's install manifest without a bootstrap token (reading it issues none; "
            + "POST here for one with a fresh token)")
    public String agentManifest(@RestPath String tenant, @RestPath String cluster, @Context UriInfo uri) {
        return manifests.yaml(find(cluster), null, uri.getBaseUri());
    }

    @POST
    @Path("/{cluster}/agent.yaml")
    @Consumes(MediaType.WILDCARD)
    @Produces(AgentManifests.YAML)
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Issue a fresh one-time bootstrap token and return the install manifest carrying it "
            + "(the previous token stops working)")
    @APIResponse(responseCode = "200", description = "The manifest, with a token shown once (Cache-Control: no-store)",
            headers = @Header(name = HttpHeaders.CACHE_CONTROL, schema = @Schema(type = SchemaType.STRING, enumeration = NO_STORE)),
            content = @Content(mediaType = AgentManifests.YAML, schema = @Schema(type = SchemaType.STRING)))
    public Response agentManifestWithToken(@RestPath String tenant, @RestPath String cluster, @Context UriInfo uri) {
        Cluster found = find(cluster);
        String token = issueBootstrapToken(found);
        audit.record(caller.actor(), Change.of(found.tenantId, "cluster.agent-manifest", "cluster", found.name));
        return Response.ok(manifests.yaml(found, token, uri.getBaseUri())).header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .build();
    }

    @DELETE
    @Path("/{cluster}")
    @Transactional
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Delete a cluster (its agent's credential stops working)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@RestPath String tenant, @RestPath String cluster) {
        Cluster found = find(cluster);
        found.delete();
        outbox.add(Topics.DELIVERY_CHANGES, found.tenantId.toString(), Map.of("revokedClusterId", found.id.toString()));
        audit.record(caller.actor(), Change.of(found.tenantId, "cluster.delete", "cluster", found.name));
        return Response.noContent().build();
    }

    private String issueBootstrapToken(Cluster cluster) {
        String token = SecretTokens.newToken("mfb_");
        cluster.bootstrapTokenHash = SecretTokens.hash(token);
        cluster.bootstrapExpiresAt = OffsetDateTime.now().plus(config.bootstrapTokenTtl());
        return token;
    }

    private Cluster find(String name) {
        return Cluster.findByName(access.tenant().id, name).orElseThrow(() -> NotFoundException.of("cluster", name));
    }
}
