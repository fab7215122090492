package dev.meshfleet.console.rest;

import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.NoCache;
import org.jboss.resteasy.reactive.RestQuery;

import dev.meshfleet.console.service.ConsoleSessions;
import io.quarkus.security.Authenticated;

/**
 * The console's session: who is logged in, their tenants and role, and the CSRF token the pages send on every change.
 * Under /console, so only the console's login session reaches it (never a bearer token): it is not part of the API.
 */
@Path("/console/session")
@Authenticated
public class ConsoleSessionResource {
    private final ConsoleSessions sessions;
    private final JsonWebToken login;

    public ConsoleSessionResource(ConsoleSessions sessions, JsonWebToken login) {
        this.sessions = sessions;
        this.login = login;
    }

    @GET
    @NoCache
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public ConsoleSessions.Session get(@RestQuery String tenant) {
        return sessions.describe(login, Optional.ofNullable(tenant).filter(t -> !t.isBlank()));
    }
}
