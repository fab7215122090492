package dev.meshfleet.gitops.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.Problem;
import dev.meshfleet.common.web.RequestIdFilters;
import dev.meshfleet.gitops.GitopsConfig;
import dev.meshfleet.gitops.service.DeliveryService;
import dev.meshfleet.gitops.service.DeliveryService.Answer;
import dev.meshfleet.gitops.service.DeliveryService.Receiving;
import dev.meshfleet.gitops.service.GitopsMetrics;

/**
 * {@code POST /hooks/{hook id}}: the webhook receiver, on the router itself rather than a JAX-RS resource so that it
 * owns the body stream. Before a byte of the body is read it refuses what is not a POST of JSON, a declared length over
 * the limit, an unknown hook and a source over its rate; then it counts the body as it arrives (413 and the connection
 * closed as soon as it passes the limit, without reading the rest; 408 if it takes too long) and hands the complete raw
 * bytes to {@link DeliveryService}, which verifies them before anything parses them. Answers are 202 (a sync is
 * queued), 200 (duplicate, ignored event, ping) or problem+json; database work runs on worker threads.
 */
@ApplicationScoped
public class WebhookReceiver {
    private static final Logger LOG = Logger.getLogger(WebhookReceiver.class);
    /** After HttpEdge's request-line checks (MIN_VALUE + 10), before Quarkus's own body handling reads anything. */
    private static final int ORDER = Integer.MIN_VALUE + 20;
    public static final String PATH = "/hooks/";
    private static final Pattern HOOK_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    /** How long a refused connection stays open for its answer to be read before it is closed. */
    private static final long CLOSE_AFTER_MS = 250;

    private final DeliveryService deliveries;
    private final GitopsMetrics metrics;
    private final ObjectMapper json;
    private final int maxBody;
    private final long bodyTimeoutMs;

    public WebhookReceiver(DeliveryService deliveries, GitopsMetrics metrics, ObjectMapper json, GitopsConfig config) {
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.json = json;
        this.maxBody = config.maxBodyBytes();
        this.bodyTimeoutMs = config.bodyTimeout().toMillis();
    }

    void install(@Observes Router router) {
        router.route(PATH + "*").order(ORDER).handler(this::receive);
        router.route("/hooks").order(ORDER).handler(ctx -> refuse(ctx, 404, "not-found", "no such hook", true));
    }

    private void receive(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String hookId = request.path().substring(PATH.length());
        if (!HOOK_ID.matcher(hookId).matches()) {
            metrics.unknownDelivery("not-found");
            refuse(ctx, 404, "not-found", "no such hook", true);
            return;
        }
        if (request.method() != HttpMethod.POST) {
            metrics.unknownDelivery("method-not-allowed");
            ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
            refuse(ctx, 405, "method-not-allowed", "webhooks are delivered with POST", true);
            return;
        }
        if (!isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            metrics.unknownDelivery("unsupported-media-type");
            refuse(ctx, 415, "unsupported-media-type", "the body must be application/json (set the webhook's content "
                    + "type to JSON)", true);
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > maxBody) {
            metrics.unknownDelivery("too-large");
            tooLarge(ctx);
            return;
        }
        request.pause();
        ctx.vertx().executeBlocking(() -> deliveries.receiving(hookId), false).onComplete(found -> {
            if (found.failed()) {
                LOG.warnf("webhook receiver: cannot read the hook's source: %s", found.cause().toString());
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
                refuse(ctx, 503, "unavailable", "the webhook cannot be received now; deliver it again later", true);
                return;
            }
            Optional<Receiving> source = found.result();
            if (source.isEmpty()) {
                metrics.unknownDelivery("not-found");
                refuse(ctx, 404, "not-found", "no such hook", true);
                return;
            }
            long wait = deliveries.rateLimited(source.get());
            if (wait > 0) {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
                refuse(ctx, 429, "too-many-requests", "this source sends more deliveries than it may; retry in " + wait
                        + "s", true);
                return;
            }
            readBody(ctx, source.get());
        });
    }

    private void readBody(RoutingContext ctx, Receiving source) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        boolean[] done = { false };
        long timer = ctx.vertx().setTimer(bodyTimeoutMs, t -> {
            if (!done[0]) {
                done[0] = true;
                request.pause();
                refuse(ctx, 408, "request-timeout", "the body did not arrive within " + bodyTimeoutMs + " ms", true);
            }
        });
        request.handler(chunk -> {
            if (done[0]) {
                return;
            }
            metrics.bodyRead(chunk.length());
            if (body.length() + chunk.length() > maxBody) {
                done[0] = true;
                ctx.vertx().cancelTimer(timer);
                request.pause(); // read no further: the rest of the body is never taken off the connection
                deliveries.rateLimited(source); // an oversized delivery costs its source a second token
                tooLarge(ctx);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            done[0] = true;
            ctx.vertx().cancelTimer(timer);
        });
        request.endHandler(v -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            ctx.vertx().cancelTimer(timer);
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
            byte[] bytes = body.getBytes();
            ctx.vertx().executeBlocking(() -> deliveries.deliver(source, headers, bytes), false).onComplete(answer -> {
                if (answer.failed()) {
                    LOG.warnf("webhook receiver: delivery to source %s failed: %s", source.sourceId(),
                            answer.cause().toString());
                    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
                    refuse(ctx, 503, "unavailable", "the delivery could not be recorded; deliver it again later", false);
                } else {
                    answer(ctx, answer.result());
                }
            });
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue(); // curl asks before sending bodies over 1 KiB; only now is the body wanted
        }
        request.resume();
    }

    private void answer(RoutingContext ctx, Answer answer) {
        if (answer.refused()) {
            refuse(ctx, answer.status(), answer.result(), answer.detail(), false);
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", answer.result());
        out.put("detail", answer.detail());
        if (answer.deliveryId() != null) {
            out.put("deliveryId", answer.deliveryId());
        }
        write(ctx, answer.status(), "application/json", out, false);
    }

    private void tooLarge(RoutingContext ctx) {
        refuse(ctx, 413, "payload-too-large", "a webhook body may have at most " + maxBody + " bytes", true);
    }

    private void refuse(RoutingContext ctx, int status, String slug, String detail, boolean close) {
        Problem problem = new Problem("https://meshfleet.dev/problems/" + slug, title(status), status, detail,
                ctx.request().path(), requestId(ctx), status == 413 ? List.of(new FieldError("$", "the request body is "
                        + "too large")) : List.of());
        write(ctx, status, Problem.MEDIA_TYPE, problem, close);
    }

    private void write(RoutingContext ctx, int status, String type, Object body, boolean close) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            text = "{\"status\":" + status + "}";
        }
        var response = ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader(RequestIdFilters.HEADER, requestId(ctx));
        if (close) {
            // the body was not read (or not all of it): the connection cannot carry another request
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(text).onComplete(v -> {
            if (close) {
                ctx.vertx().setTimer(CLOSE_AFTER_MS, t -> ctx.request().connection().close());
            }
        });
    }

    private static String requestId(RoutingContext ctx) {
        String offered = ctx.request().getHeader(RequestIdFilters.HEADER);
        if (offered == null || !offered.matches("[A-Za-z0-9._:-]{1,128}")) {
            offered = ctx.get("gitops.request-id");
            if (offered == null) {
                offered = UUID.randomUUID().toString();
                ctx.put("gitops.request-id", offered);
            }
        }
        return offered;
    }

    private static String title(int status) {
        return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1; // HttpEdge refused it already
        }
    }
}
