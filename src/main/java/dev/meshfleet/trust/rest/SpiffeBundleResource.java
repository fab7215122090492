package dev.meshfleet.trust.rest;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import dev.meshfleet.trust.service.SpiffeBundles;

/**
 * The SPIFFE bundle endpoint of a mesh's trust domain (https_web profile): public and cacheable, for federating
 * workloads outside Meshfleet's clusters (SPIRE, other meshes). Addressed by the mesh's id, which the trust API shows,
 * so that tenant and mesh names are not enumerable by anonymous callers.
 */
@Path(SpiffeBundleResource.PATH + "/{meshId}")
@Tag(name = "trust")
public class SpiffeBundleResource {
    public static final String PATH = "/trust-bundles";

    private final SpiffeBundles bundles;

    public SpiffeBundleResource(SpiffeBundles bundles) {
        this.bundles = bundles;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The trust domain's SPIFFE bundle: a JWK Set, one x509-svid key per trusted root")
    @APIResponse(responseCode = "200", description = "The bundle (Cache-Control: public; ETag)")
    @APIResponse(responseCode = "304", description = "Not modified since the ETag given in If-None-Match")
    @APIResponse(responseCode = "404", description = "No mesh with this id, or it has no root yet")
    public Response bundle(@RestPath String meshId, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        SpiffeBundles.Bundle bundle = bundles.bundle(meshId);
        EntityTag tag = new EntityTag(bundle.etag());
        if (ifNoneMatch != null && (ifNoneMatch.equals(tag.toString()) || ifNoneMatch.equals("*"))) {
            return Response.notModified(tag).header(HttpHeaders.CACHE_CONTROL, bundle.cacheControl()).build();
        }
        Map<String, Object> body = bundle.body();
        return Response.ok(body, MediaType.APPLICATION_JSON).tag(tag).header(HttpHeaders.CACHE_CONTROL,
                bundle.cacheControl()).build();
    }
}
