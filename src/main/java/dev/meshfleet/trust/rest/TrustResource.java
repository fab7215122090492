package dev.meshfleet.trust.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;
import dev.meshfleet.trust.rest.TrustViews.IntermediateView;
import dev.meshfleet.trust.rest.TrustViews.RootView;
import dev.meshfleet.trust.rest.TrustViews.TrustView;
import dev.meshfleet.trust.service.TrustQueries;
import dev.meshfleet.trust.service.TrustRootService;
import dev.meshfleet.trust.store.TrustRoot;

/** A mesh's trust: its root CAs (never their keys) and the intermediates its clusters hold. Admins change, viewers read. */
@Path("/api/v1/tenants/{tenant}/meshes/{mesh}/trust")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "trust")
public class TrustResource {
    private final TenantAccess access;
    private final TrustRootService roots;
    private final TrustQueries queries;

    public TrustResource(TenantAccess access, TrustRootService roots, TrustQueries queries) {
        this.access = access;
        this.roots = roots;
        this.queries = queries;
    }

    @GET
    @TenantRole(Role.VIEWER)
    @Operation(summary = "The mesh's trust: trust domain, issuing root, the bundle every cluster holds, all roots")
    public TrustView get(@RestPath String tenant, @RestPath String mesh) {
        TrustQueries.Trust trust = queries.trust(access.tenant(), mesh);
        List<RootView> rootViews = queries.roots(access.tenant(), mesh).stream()
                .map(r -> RootView.of(r, trust.issuing(r.id), trust.inBundle(r.id), List.of())).toList();
        return trust.trust().map(t -> new TrustView(trust.mesh().trustDomain, t.state().issuerRootId,
                t.state().bundleRoots(), Fingerprints.sha256(t.rootCertPem()), t.state().sequence,
                SpiffeBundleResource.PATH + "/" + trust.mesh().id, rootViews))
                .orElse(new TrustView(trust.mesh().trustDomain, null, List.of(), null, 0, null, rootViews));
    }

    @GET
    @Path("/roots")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "The mesh's root CAs, oldest first (certificates and expiry; never a key)")
    public List<RootView> roots(@RestPath String tenant, @RestPath String mesh) {
        TrustQueries.Trust trust = queries.trust(access.tenant(), mesh);
        return queries.roots(access.tenant(), mesh).stream()
                .map(r -> RootView.of(r, trust.issuing(r.id), trust.inBundle(r.id), List.of())).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON) // only here: a GET is not refused for the Content-Type a client sends
    @Path("/roots")
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Generate a root CA (algorithm EC_P256 or RSA_4096, lifetime) or import one (PEM certificate "
            + "and private key); the mesh's first root starts issuing its clusters' intermediates")
    @APIResponse(responseCode = "201", description = "Created (the key is sealed and never shown again)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RootView.class)))
    public Response create(@RestPath String tenant, @RestPath String mesh, TrustRootService.RootRequest body) {
        TrustRootService.Created created = roots.create(access.tenant(), mesh, body);
        TrustQueries.Trust trust = queries.trust(access.tenant(), mesh);
        TrustRoot root = created.root();
        return Response.created(URI.create("/api/v1/tenants/" + tenant + "/meshes/" + mesh + "/trust/roots/" + root.id))
                .entity(RootView.of(root, trust.issuing(root.id), trust.inBundle(root.id), created.warnings())).build();
    }

    @GET
    @Path("/roots/{id}")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "One root CA")
    public RootView root(@RestPath String tenant, @RestPath String mesh, @RestPath String id) {
        TrustRoot root = queries.root(access.tenant(), mesh, id);
        TrustQueries.Trust trust = queries.trust(access.tenant(), mesh);
        return RootView.of(root, trust.issuing(root.id), trust.inBundle(root.id), List.of());
    }

    @GET
    @Path("/intermediates")
    @TenantRole(Role.VIEWER)
    @Operation(summary = "Per cluster, the latest intermediate issued from its CSR: chain and expiry")
    public List<IntermediateView> intermediates(@RestPath String tenant, @RestPath String mesh) {
        return queries.intermediates(access.tenant(), mesh).stream()
                .map(i -> IntermediateView.of(i.cluster().name, i.intermediate(), i.root())).toList();
    }
}
