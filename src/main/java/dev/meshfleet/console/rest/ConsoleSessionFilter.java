package dev.meshfleet.console.rest;

import java.net.URI;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.meshfleet.common.error.ForbiddenException;
import dev.meshfleet.common.web.RequestContext;
import dev.meshfleet.console.ConsoleRequests;
import dev.meshfleet.console.service.ConsoleCsrf;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * For API requests the console's session authenticated: records "console" as their source (audit, revisions), and
 * refuses a state change without this login's CSRF token in the header, or from another origin. Bearer requests are
 * left alone: a browser never attaches a bearer token on its own, so they cannot be forged cross-site.
 */
public class ConsoleSessionFilter {
    private final CurrentIdentityAssociation identities;
    private final RequestContext requestContext;
    private final ConsoleCsrf csrf;

    public ConsoleSessionFilter(CurrentIdentityAssociation identities, RequestContext requestContext, ConsoleCsrf csrf) {
        this.identities = identities;
        this.requestContext = requestContext;
        this.csrf = csrf;
    }

    @ServerRequestFilter
    public Uni<Response> checkConsoleSession(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.startsWith("/api/") || request.getHeaderString("Authorization") != null) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().map(identity -> {
            if (!isConsoleSession(identity)) {
                return null;
            }
            requestContext.source("console");
            if (ConsoleRequests.changesState(request.getMethod())) {
                check(request, (JsonWebToken) identity.getPrincipal());
            }
            return null;
        });
    }

    private static boolean isConsoleSession(SecurityIdentity identity) {
        return !identity.isAnonymous() && ConsoleRequests.OIDC_TENANT.equals(identity.getAttribute("tenant-id"))
                && identity.getPrincipal() instanceof JsonWebToken;
    }

    private void check(ContainerRequestContext request, JsonWebToken login) {
        String origin = request.getHeaderString("Origin");
        if (origin != null && !sameOrigin(origin, request.getUriInfo().getRequestUri())) {
            throw new ForbiddenException("a console session may change state only from the console's own origin");
        }
        if (!csrf.matches(request.getHeaderString(csrf.header()), login)) {
            throw new ForbiddenException("the console's CSRF token is missing or wrong: send the " + csrf.header()
                    + " header from GET /console/session with every change");
        }
    }

    private static boolean sameOrigin(String origin, URI request) {
        try {
            URI o = URI.create(origin);
            return o.getScheme() != null && o.getScheme().equalsIgnoreCase(request.getScheme())
                    && o.getHost() != null && o.getHost().equalsIgnoreCase(request.getHost())
                    && port(o) == port(request);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
