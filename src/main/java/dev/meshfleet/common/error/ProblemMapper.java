package dev.meshfleet.common.error;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.meshfleet.common.web.RequestContext;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;

/**
 * The single table from error type to HTTP status, and the one writer of {@code application/problem+json}.
 * Responses never carry class names or stack traces; unexpected failures are logged with the request id instead.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    record Kind(int status, String slug, String title) {
    }

    private static final Kind INTERNAL = new Kind(500, "internal", "Internal error");

    /** Resolved by class hierarchy: a subclass maps like its nearest listed ancestor. */
    private static final Map<Class<? extends ProblemException>, Kind> TABLE = Map.of(
            ValidationException.class, new Kind(400, "validation", "Invalid request"),
            UnauthorizedException.class, new Kind(401, "unauthorized", "Unauthorized"),
            ForbiddenException.class, new Kind(403, "forbidden", "Forbidden"),
            NotFoundException.class, new Kind(404, "not-found", "Not found"),
            ConflictException.class, new Kind(409, "conflict", "Conflict"),
            PreconditionFailedException.class, new Kind(412, "precondition-failed", "Precondition failed"),
            PayloadTooLargeException.class, new Kind(413, "payload-too-large", "Payload too large"),
            PreconditionRequiredException.class, new Kind(428, "precondition-required", "Precondition required"),
            ServiceUnavailableException.class, new Kind(503, "unavailable", "Service unavailable"));

    /** The kind of a problem type: its own entry, else its nearest ancestor's; 500 for a type nobody listed. */
    static Kind kindOf(Class<?> type) {
        for (Class<?> c = type; c != null && ProblemException.class.isAssignableFrom(c); c = c.getSuperclass()) {
            Kind kind = TABLE.get(c);
            if (kind != null) {
                return kind;
            }
        }
        return INTERNAL;
    }

    private final RequestContext requestContext;
    private final UriInfo uriInfo;

    public ProblemMapper(RequestContext requestContext, UriInfo uriInfo) {
        this.requestContext = requestContext;
        this.uriInfo = uriInfo;
    }

    @ServerExceptionMapper
    public Response domain(ProblemException e) {
        Kind kind = kindOf(e.getClass());
        if (kind == INTERNAL) {
            LOG.errorf("unmapped problem type %s (request %s)", e.getClass().getName(), requestContext.requestId());
        }
        Response.ResponseBuilder response = problem(kind.status, kind.slug, kind.title, e.getMessage(), e.errors());
        if (kind.status == 503) {
            response.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return response.build();
    }

    /** 401 with the reason (no token, expired, bad signature, ...) and the RFC 6750 challenge. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers) {
        return unauthenticated(e, headers);
    }

    @ServerExceptionMapper
    public Response unauthenticated(io.quarkus.security.UnauthorizedException e, HttpHeaders headers) {
        return unauthenticated((Throwable) e, headers);
    }

    @ServerExceptionMapper
    public Response authenticationIncomplete(AuthenticationCompletionException e, HttpHeaders headers) {
        return unauthenticated(e, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return respond(403, "forbidden", "Forbidden", "the caller may not do this", List.of());
    }

    private Response unauthenticated(Throwable e, HttpHeaders headers) {
        BearerFailures.Reason reason = BearerFailures.of(headers.getHeaderString(HttpHeaders.AUTHORIZATION), e);
        return problem(401, "unauthorized", "Unauthorized", reason.detail(), List.of())
                .header(HttpHeaders.WWW_AUTHENTICATE, BearerFailures.challenge(reason)).build();
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        FieldError error = JsonPaths.toFieldError(e);
        return respond(400, "validation", "Invalid request", "the request body is not valid: " + error.message(),
                List.of(error));
    }

    /** Quarkus REST ships mappers for these subtypes; ours must be at least as specific to take precedence. */
    @ServerExceptionMapper
    public Response mismatchedBody(MismatchedInputException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response malformedBody(JsonParseException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ResourceInfo resource) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableBody(json);
        }
        if (e.getCause() instanceof ProblemException problem) {
            return domain(problem);
        }
        if ((status == 404 || status == 400) && e.getCause() != null && !(e.getCause() instanceof WebApplicationException)) {
            // Quarkus REST answers a query or path parameter it could not convert with a bare 404: name it instead
            List<FieldError> errors = ParameterProblems.find(resource == null ? null : resource.getResourceMethod(), uriInfo);
            String detail = errors.isEmpty() ? "a parameter of the request is not valid"
                    : errors.get(0).path() + ": " + errors.get(0).message();
            return respond(400, "validation", "Invalid request", detail, errors);
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "HTTP " + status;
        String detail = status == 404 ? "no such resource" : e.getMessage();
        return respond(status, "http-" + status, title, detail, List.of());
    }

    /** A unique or foreign-key constraint hit by a race that the service's own checks could not see coming. */
    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        return respond(409, "conflict", "Conflict", "the change conflicts with a concurrent change; retry it", List.of());
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        if (e instanceof ProblemException p) {
            return domain(p);
        }
        if (e.getCause() instanceof ConstraintViolationException c) {
            return constraint(c);
        }
        if (clientHungUp(e)) {
            // the caller closed the connection mid-request (an agent stopping, a client timing out): nobody reads this
            // answer and nothing failed on our side, so it is no server error
            LOG.debugf("client closed the connection (request %s)", requestContext.requestId());
            return respond(400, "client-closed", "Bad Request", "the connection was closed before the request ended",
                    List.of());
        }
        if (databaseBusy(e)) {
            // every pooled database connection stayed taken for the whole acquisition timeout: overload, not a fault
            // of this request. 503 with Retry-After, so clients (agents reconnecting by the thousand) back off
            LOG.warnf("no database connection free within the pool's acquisition timeout (request %s): answered 503",
                    requestContext.requestId());
            return problem(503, "unavailable", "Service unavailable", "the service is overloaded; retry after a few seconds",
                    List.of()).header(HttpHeaders.RETRY_AFTER, "5").build();
        }
        LOG.errorf(e, "unexpected failure (request %s)", requestContext.requestId());
        return respond(500, "internal", "Internal error",
                "an unexpected error occurred; quote request id " + requestContext.requestId(), List.of());
    }

    /**
     * A connection pool that gave no connection in time: Agroal (Quarkus's pool) throws a plain SQLException saying
     * "acquisition timeout"; other pools use SQLTransientConnectionException.
     */
    static boolean databaseBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLException && String.valueOf(t.getMessage()).contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    private static boolean clientHungUp(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    private Response respond(int status, String slug, String title, String detail, List<FieldError> errors) {
        return problem(status, slug, title, detail, errors).build();
    }

    private Response.ResponseBuilder problem(int status, String slug, String title, String detail, List<FieldError> errors) {
        Problem problem = new Problem("https://meshfleet.dev/problems/" + slug, title, status, detail,
                uriInfo.getPath(), requestContext.requestId(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
