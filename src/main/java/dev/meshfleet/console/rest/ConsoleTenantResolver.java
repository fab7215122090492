package dev.meshfleet.console.rest;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantResolver;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

import dev.meshfleet.console.ConsoleRequests;

/**
 * Picks the console's authorization-code tenant for the console's own paths and for API calls its pages make with the
 * session cookie; everything else (bearer API calls) stays on the default, bearer-only tenant.
 */
@ApplicationScoped
public class ConsoleTenantResolver implements TenantResolver {
    @Override
    public String resolve(RoutingContext context) {
        String path = context.normalizedPath();
        if (ConsoleRequests.isConsolePath(path)) {
            return ConsoleRequests.OIDC_TENANT;
        }
        if (ConsoleRequests.isSessionApiRequest(path, context.request().getHeader("Authorization"),
                context.request().cookies().stream().map(Cookie::getName).toList())) {
            return ConsoleRequests.OIDC_TENANT;
        }
        return null;
    }
}
