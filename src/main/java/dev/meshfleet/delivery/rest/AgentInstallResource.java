package dev.meshfleet.delivery.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import org.jboss.resteasy.reactive.RestPath;

import dev.meshfleet.delivery.service.AgentManifests;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.TenantRole;

/**
 * A registered cluster's agent install manifest. It sits under the cluster's path, where admins look for it, but
 * belongs to delivery: it describes the agent that delivery talks to.
 */
@Path("/api/v1/tenants/{tenant}/clusters/{cluster}/agent.yaml")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "clusters")
public class AgentInstallResource {
    /** For answers carrying a token: no cache (browser, proxy) may keep them. */
    private static final String NO_STORE = "no-store";

    private final TenantAccess access;
    private final AgentManifests manifests;

    public AgentInstallResource(TenantAccess access, AgentManifests manifests) {
        this.access = access;
        this.manifests = manifests;
    }

    @GET
    @Produces(AgentManifests.YAML)
    @TenantRole(Role.ADMIN)
    @Operation(summary = "The agent's install manifest without a bootstrap token (reading it issues none; "
            + "POST here for one with a fresh token)")
    public String agentManifest(@RestPath String tenant, @RestPath String cluster, @Context UriInfo uri) {
        return manifests.withoutToken(access.tenant().id, cluster, uri.getBaseUri());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(AgentManifests.YAML)
    @TenantRole(Role.ADMIN)
    @Operation(summary = "Issue a fresh one-time bootstrap token and return the install manifest carrying it "
            + "(the previous token stops working)")
    @APIResponse(responseCode = "200", description = "The manifest, with a token shown once (Cache-Control: no-store)",
            headers = @Header(name = HttpHeaders.CACHE_CONTROL, schema = @Schema(type = SchemaType.STRING, enumeration = NO_STORE)),
            content = @Content(mediaType = AgentManifests.YAML, schema = @Schema(type = SchemaType.STRING)))
    public Response agentManifestWithToken(@RestPath String tenant, @RestPath String cluster, @Context UriInfo uri) {
        return Response.ok(manifests.withFreshToken(access.tenant().id, cluster, uri.getBaseUri()))
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }
}
