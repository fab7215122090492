package dev.meshfleet.common.error;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.meshfleet.common.web.RequestContext;

/**
 * The single table from error type to HTTP status, and the one writer of {@code application/problem+json}.
 * Responses never carry class names or stack traces; unexpected failures are logged with the request id instead.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private record Kind(int status, String slug, String title) {
    }

    private static final Map<Class<? extends ProblemException>, Kind> TABLE = Map.of(
            ValidationException.class, new Kind(400, "validation", "Invalid request"),
            UnauthorizedException.class, new Kind(401, "unauthorized", "Unauthorized"),
            ForbiddenException.class, new Kind(403, "forbidden", "Forbidden"),
            NotFoundException.class, new Kind(404, "not-found", "Not found"),
            ConflictException.class, new Kind(409, "conflict", "Conflict"),
            PreconditionFailedException.class, new Kind(412, "precondition-failed", "Precondition failed"),
            PreconditionRequiredException.class, new Kind(428, "precondition-required", "Precondition required"));

    private final RequestContext requestContext;
    private final UriInfo uriInfo;

    public ProblemMapper(RequestContext requestContext, UriInfo uriInfo) {
        this.requestContext = requestContext;
        this.uriInfo = uriInfo;
    }

    @ServerExceptionMapper
    public Response domain(ProblemException e) {
        Kind kind = TABLE.get(e.getClass());
        if (kind == null) {
            LOG.errorf("unmapped problem type %s (request %s)", e.getClass().getName(), requestContext.requestId());
            kind = new Kind(500, "internal", "Internal error");
        }
        return respond(kind.status, kind.slug, kind.title, e.getMessage(), e.errors());
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
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableBody(json);
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
        LOG.errorf(e, "unexpected failure (request %s)", requestContext.requestId());
        return respond(500, "internal", "Internal error",
                "an unexpected error occurred; quote request id " + requestContext.requestId(), List.of());
    }

    private Response respond(int status, String slug, String title, String detail, List<FieldError> errors) {
        Problem problem = new Problem("https://meshfleet.dev/problems/" + slug, title, status, detail,
                uriInfo.getPath(), requestContext.requestId(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
