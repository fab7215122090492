package dev.meshfleet.common.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Gives every API request an id (the caller's X-Request-Id or a new one) and echoes it on the response. */
public class RequestIdFilters {
    public static final String HEADER = "X-Request-Id";

    private final RequestContext requestContext;

    public RequestIdFilters(RequestContext requestContext) {
        this.requestContext = requestContext;
    }

    @ServerRequestFilter(preMatching = true)
    public void assignRequestId(ContainerRequestContext request) {
        requestContext.begin(request.getHeaderString(HEADER));
    }

    @ServerResponseFilter
    public void echoRequestId(ContainerResponseContext response) {
        response.getHeaders().putSingle(HEADER, requestContext.requestId());
    }
}
