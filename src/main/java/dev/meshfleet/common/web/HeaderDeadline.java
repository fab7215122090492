package dev.meshfleet.common.web;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A request head must arrive within {@code meshfleet.http.header-timeout} of its first byte, or the connection is
 * closed (with a 408 on plain HTTP/1.1): a client dribbling its headers a byte at a time (slowloris) cannot hold a
 * connection for longer. Vert.x 4 has no such timeout (its idle timeout restarts with every byte, and the router sees a
 * request only once its head is complete), so a small Netty handler goes first on every accepted connection: the first
 * byte of a head starts the clock, the router stops it when the head is complete, and the end of the response lets the
 * next head's first byte start it again. Idle keep-alive connections and long streams (SSE, slow bodies) are not
 * affected: they are idle (Quarkus's idle timeout) or past their head. HTTP/2 connections are left alone after their
 * first request (streams multiplex; Vert.x bounds them by its own settings).
 *
 * <p>The handler is attached to the listening channel of each HTTP server Vert.x shares (one reflective read of
 * {@code TCPServerBase.bindFuture}, the only way to the Netty server channel); should a Vert.x upgrade remove it, the
 * server logs an error at start and runs without the guard, and {@code WebhookReceiverTest#slowHeaders} fails.
 */
@ApplicationScoped
public class HeaderDeadline {
    private static final Logger LOG = Logger.getLogger(HeaderDeadline.class);
    private static final String NAME = "meshfleet-header-deadline";
    /** Before HttpEdge and everything else: a head is complete once any route sees it. */
    private static final int FIRST = Integer.MIN_VALUE;

    private final Vertx vertx;
    private final long timeoutMs;

    public HeaderDeadline(Vertx vertx, HttpConfig config) {
        this.vertx = vertx;
        this.timeoutMs = config.headerTimeout().toMillis();
    }

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::headComplete);
    }

    void installManagement(@Observes ManagementInterface management) {
        management.router().route().order(FIRST).handler(this::headComplete);
    }

    /** Once the servers listen: puts the accept hook on each listening channel (idempotent). */
    void attach(@ObservesAsync HttpServerStart started) {
        attachAll();
    }

    /** Attaches the guard to every listening HTTP server; returns how many carry it. */
    public int attachAll() {
        int guarded = 0;
        try {
            Field bindFuture = TCPServerBase.class.getDeclaredField("bindFuture");
            bindFuture.setAccessible(true);
            for (TCPServerBase server : ((VertxInternal) vertx).sharedHttpServers().values()) {
                @SuppressWarnings("unchecked")
                Future<Channel> bound = (Future<Channel>) bindFuture.get(server);
                if (bound == null || !bound.succeeded()) {
                    continue;
                }
                ChannelPipeline pipeline = bound.result().pipeline();
                synchronized (this) {
                    if (pipeline.get(NAME) == null) {
                        pipeline.addFirst(NAME, new OnAccept());
                    }
                }
                guarded++;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.errorf("cannot bound the time a request head may take (%s): slow-header clients are not cut off", e);
        }
        return guarded;
    }

    private void headComplete(RoutingContext ctx) {
        if (ctx.request().connection() instanceof ConnectionBase connection) {
            Channel channel = connection.channel();
            if (channel.pipeline().get(NAME) instanceof Guard guard) {
                boolean http2 = ctx.request().version() == HttpVersion.HTTP_2;
                channel.eventLoop().execute(() -> guard.headComplete(http2));
                if (!http2) {
                    ctx.addEndHandler(done -> channel.eventLoop().execute(guard::responded));
                }
            }
        }
        ctx.next();
    }

    /** On the listening channel: gives each accepted connection its guard, first in its pipeline. */
    @ChannelHandler.Sharable
    private final class OnAccept extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                child.pipeline().addFirst(NAME, new Guard(timeoutMs));
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** One connection's clock: WAITING (no head begun), IN_HEAD (clock running), IN_REQUEST, or OFF (HTTP/2). */
    private static final class Guard extends ChannelDuplexHandler {
        private enum State { WAITING, IN_HEAD, IN_REQUEST, OFF }

        private final long timeoutMs;
        private State state = State.WAITING;
        private ScheduledFuture<?> clock;
        private ChannelHandlerContext context;

        Guard(long timeoutMs) {
            this.timeoutMs = timeoutMs;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (state == State.WAITING) {
                state = State.IN_HEAD;
                clock = ctx.executor().schedule(this::expire, timeoutMs, TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelRead(msg);
        }

        void headComplete(boolean http2) {
            stopClock();
            state = http2 ? State.OFF : State.IN_REQUEST;
        }

        void responded() {
            if (state == State.IN_REQUEST) {
                state = State.WAITING; // the next head's first byte starts the clock again
            }
        }

        private void expire() {
            if (state != State.IN_HEAD || !context.channel().isActive()) {
                return;
            }
            state = State.OFF;
            if (context.pipeline().get(SslHandler.class) == null) {
                // written raw, ahead of the HTTP codec: the request was never decoded, so nothing else answers it
                String body = "{\"type\":\"https://meshfleet.dev/problems/request-timeout\",\"title\":\"Request Timeout\","
                        + "\"status\":408,\"detail\":\"the request head did not arrive in time\"}";
                String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\nConnection: close\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n";
                context.writeAndFlush(Unpooled.copiedBuffer(head + body, StandardCharsets.US_ASCII))
                        .addListener(f -> context.close());
            } else {
                context.close();
            }
        }

        private void stopClock() {
            if (clock != null) {
                clock.cancel(false);
                clock = null;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stopClock();
            ctx.fireChannelInactive();
        }
    }
}
