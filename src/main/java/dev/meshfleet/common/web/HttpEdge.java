package dev.meshfleet.common.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.Problem;

/**
 * Answers in problem+json what the HTTP layer refuses before any resource runs: a URI that is too long (414) or not
 * validly %-encoded (400), a body over the size limit (413), and any failure the router itself ends with. Without this,
 * those answers had empty or text/plain bodies.
 *
 * <p>The checks run first on the router. The body limit is Quarkus's own ({@code quarkus.http.limits.max-body-size}),
 * checked here first; the HTTP codec's request-line limit is set above {@code meshfleet.http.max-uri-length} only as a
 * backstop, so this code, not the codec, gets to answer. Vert.x's own check of
 * the URI syntax is turned off ({@code vertx.disableURIValidation}, see {@link dev.meshfleet.Main} and the surefire
 * configuration) because it answers a bare 400 before the router; the same check is done here.
 */
@ApplicationScoped
public class HttpEdge {
    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    /** Runs before Quarkus's own body-size check (order -2) and every other route. */
    private static final int FIRST = Integer.MIN_VALUE + 10;

    private final ObjectMapper json;
    private final int maxUriLength;
    private final long maxBodyBytes;

    public HttpEdge(ObjectMapper json, HttpConfig config, VertxHttpConfig quarkusHttp) {
        this.json = json;
        this.maxUriLength = config.maxUriLength();
        // Quarkus's own limit (it defaults to 10240K); without one, Quarkus accepts any size and so does this check
        this.maxBodyBytes = quarkusHttp.limits().maxBodySize().map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::checkRequestLine);
        router.route().order(FIRST).failureHandler(this::failure);
    }

    private void checkRequestLine(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri != null && uri.length() > maxUriLength) {
            write(ctx, 414, "uri-too-long", "URI too long",
                    "the request URI has " + uri.length() + " characters; at most " + maxUriLength + " are accepted", List.of());
            return;
        }
        String invalid = invalidUri(uri);
        if (invalid != null) {
            write(ctx, 400, "validation", "Invalid request", "the request URI is not valid: " + invalid,
                    List.of(new FieldError("uri", invalid)));
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                bytes = -1;
            }
            if (bytes < 0) {
                write(ctx, 400, "validation", "Invalid request", "Content-Length is not a number",
                        List.of(new FieldError("Content-Length", "is not a number")));
                return;
            }
            if (bytes > maxBodyBytes) {
                tooLarge(ctx, bytes);
                return;
            }
        }
        ctx.next();
    }

    /** Null when the URI is syntactically valid, else what is wrong with it (in words, no parser internals). */
    static String invalidUri(String uri) {
        if (uri == null || uri.isEmpty()) {
            return "it is empty";
        }
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) == '%' && (i + 2 >= uri.length() || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2)))) {
                return "bad %-encoding at character " + (i + 1) + " ('%' must be followed by two hex digits)";
            }
        }
        try {
            new URI(uri);
            return null;
        } catch (URISyntaxException e) {
            return "illegal character at position " + (e.getIndex() + 1) + " (characters outside the URI syntax must be %-encoded)";
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private void tooLarge(RoutingContext ctx, long bytes) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        write(ctx, 413, "payload-too-large", "Payload too large", "the request body has " + (bytes < 0 ? "more than " + maxBodyBytes
                : Long.toString(bytes)) + " bytes; at most " + maxBodyBytes + " are accepted", List.of(new FieldError("$",
                        "the request body is too large")));
    }

    /** Whatever the router ends with (a handler's failure or a status), in problem+json. */
    private void failure(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        Throwable failure = ctx.failure();
        String invalid = invalidUri(ctx.request().uri());
        if (invalid != null) {
            // a handler ahead of ours (dev mode has some) decoded the path and failed on it
            write(ctx, 400, "validation", "Invalid request", "the request URI is not valid: " + invalid,
                    List.of(new FieldError("uri", invalid)));
            return;
        }
        if (failure instanceof io.quarkus.security.AuthenticationRedirectException redirect) {
            // the web console's OIDC login: on to the IdP, back from it, or its logout. An API call whose console session
            // cannot be renewed gets a 401 instead: a page's fetch() must not follow a redirect to the IdP.
            if (!ctx.normalizedPath().startsWith("/api/")) {
                ctx.response().setStatusCode(redirect.getCode()).putHeader(HttpHeaders.LOCATION, redirect.getRedirectUri())
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
                return;
            }
            write(ctx, 401, "unauthorized", "Unauthorized", "the console session has ended; log in again", List.of());
            return;
        }
        if (failure instanceof io.quarkus.security.AuthenticationFailedException
                && !ctx.normalizedPath().startsWith("/api/") && "GET".equals(ctx.request().method().name())
                && ctx.request().cookies().stream().anyMatch(c -> c.getName().startsWith("q_session"))) {
            // a page of the web console whose session could not be renewed (the IdP ended it): forget the session and
            // load the page again, which starts a fresh login at the IdP (only with a session cookie sent, so never a loop)
            ctx.request().cookies().stream().filter(c -> c.getName().startsWith("q_session"))
                    .forEach(c -> ctx.response().addCookie(io.vertx.core.http.Cookie.cookie(c.getName(), "")
                            .setPath("/").setMaxAge(0)));
            ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, ctx.request().uri())
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
            return;
        }
        if (failure instanceof io.quarkus.security.AuthenticationFailedException
                || failure instanceof io.quarkus.security.UnauthorizedException) {
            status = 401;
        } else if (failure instanceof io.quarkus.security.ForbiddenException) {
            status = 403;
        } else if (failure != null && failure.getClass().getSimpleName().contains("TooLarge")) {
            status = 413;
        }
        switch (status) {
            case 401 -> {
                var reason = dev.meshfleet.common.error.BearerFailures.of(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), failure);
                ctx.response().putHeader("WWW-Authenticate", dev.meshfleet.common.error.BearerFailures.challenge(reason));
                write(ctx, 401, "unauthorized", "Unauthorized", reason.detail(), List.of());
            }
            case 403 -> write(ctx, 403, "forbidden", "Forbidden", "the caller may not do this", List.of());
            case 404 -> write(ctx, 404, "not-found", "Not found", "no such resource", List.of());
            case 413 -> tooLarge(ctx, -1);
            case 414 -> write(ctx, 414, "uri-too-long", "URI too long", "the request URI is too long", List.of());
            default -> {
                if (status >= 500) {
                    String id = requestId(ctx);
                    LOG.errorf(failure, "unexpected failure in the HTTP layer (request %s)", id);
                    write(ctx, status, "internal", "Internal error", "an unexpected error occurred; quote request id " + id,
                            List.of());
                } else {
                    write(ctx, status, "http-" + status, io.netty.handler.codec.http.HttpResponseStatus.valueOf(status)
                            .reasonPhrase(), "the request could not be handled", List.of());
                }
            }
        }
    }

    private static String requestId(RoutingContext ctx) {
        String offered = ctx.request().getHeader(RequestIdFilters.HEADER);
        return offered != null && offered.matches("[A-Za-z0-9._:-]{1,128}") ? offered : UUID.randomUUID().toString();
    }

    private void write(RoutingContext ctx, int status, String slug, String title, String detail, List<FieldError> errors) {
        String id = requestId(ctx);
        String path = ctx.request().path();
        Problem problem = new Problem("https://meshfleet.dev/problems/" + slug, title, status, detail,
                path != null && path.length() <= maxUriLength && invalidUri(path) == null ? path : null, id, errors);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + "}";
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(RequestIdFilters.HEADER, id)
                .end(body);
    }
}
