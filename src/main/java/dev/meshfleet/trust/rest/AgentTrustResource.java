package dev.meshfleet.trust.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.meshfleet.protocol.AgentProtocol;
import dev.meshfleet.protocol.TrustCsr;
import dev.meshfleet.protocol.TrustDesired;
import dev.meshfleet.protocol.TrustIssued;
import dev.meshfleet.protocol.TrustReport;
import dev.meshfleet.trust.service.AgentTrustService;

/**
 * The agent protocol's trust calls (documented in openapi/agent-v1.yaml), authenticated by the cluster credential: what
 * {@code cacerts} should hold, signing the cluster's CSR, and the evidence the agent sees.
 */
@Path(AgentProtocol.BASE_PATH + "/trust")
@Tag(name = "agent")
public class AgentTrustResource {
    private final AgentTrustService trust;

    public AgentTrustResource(AgentTrustService trust) {
        this.trust = trust;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What istio-system/cacerts should hold: issuing root, the exact root-cert.pem, renewal")
    @APIResponse(responseCode = "200", description = "Meshfleet manages this cluster's trust",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrustDesired.class)))
    @APIResponse(responseCode = "204", description = "Meshfleet does not manage this cluster's trust: leave cacerts alone")
    public Response desired(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return trust.desired(authorization).map(d -> Response.ok(d).build()).orElse(Response.noContent().build());
    }

    @POST
    @Path("/csr")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign the cluster's intermediate from a CSR made in the cluster (requested extensions ignored)")
    @APIResponse(responseCode = "200", description = "The intermediate and cert-chain.pem",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrustIssued.class)))
    public TrustIssued sign(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, TrustCsr body) {
        return trust.sign(authorization, body);
    }

    @POST
    @Path("/report")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report what the cluster's trust looks like: cacerts, istio-ca-root-cert ConfigMaps, istiod, "
            + "leaf checks, and the facts a rotation depends on")
    @APIResponse(responseCode = "202", description = "Accepted")
    public Response report(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, TrustReport body) {
        trust.report(authorization, body);
        return Response.accepted().build();
    }
}
