package dev.meshfleet.tenancy.rest;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.common.error.ValidationException;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.oidc.runtime.OidcConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig;

/**
 * DEV MODE ONLY (not built into the packaged app): hands out an access token from Quarkus's OIDC Dev Services for one
 * of its users, so the README's curl walkthrough needs no browser. Never present in production builds.
 */
@IfBuildProfile("dev")
@Path("/dev/token")
public class DevTokenResource {
    private final ObjectMapper json;
    private final OidcConfig oidc;

    public DevTokenResource(ObjectMapper json, OidcConfig oidc) {
        this.json = json;
        this.oidc = oidc;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public String token(@RestQuery String user) throws Exception {
        if (user == null || !user.matches("[a-z]{1,32}")) {
            throw ValidationException.of("user", "name a dev user, e.g. alice or bob");
        }
        // Quarkus's own OIDC configuration: in dev mode its Dev Services fill in the issuer when they start
        OidcTenantConfig tenant = OidcConfig.getDefaultTenant(oidc);
        String issuer = tenant.authServerUrl().orElseThrow();
        String clientId = tenant.clientId().orElse("quarkus-app");
        String form = "grant_type=password&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "&scope=openid";
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(issuer + "/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        return body.path("access_token").asText();
    }
}
