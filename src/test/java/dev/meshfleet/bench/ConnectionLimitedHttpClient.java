package dev.meshfleet.bench;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK HTTP client shared by a group of simulated agents, with at most so many blocking calls in flight at once
 * (streams aside). Over HTTP/1.1 each call in flight holds a connection of its own, and a process may hold 20,000
 * descriptors here: 10,000 agents that all report at once beside their 10,000 open streams would run out. Real agents
 * each have their own machine; the simulator queues the surplus in its own process instead, which delays an agent's
 * report only while the servers already have more calls than they can answer.
 */
final class ConnectionLimitedHttpClient extends HttpClient {
    private final HttpClient http;
    private final Semaphore calls;

    private final java.util.concurrent.ExecutorService gate = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "simulator-alive-gate");
        t.setDaemon(true);
        return t;
    });

    ConnectionLimitedHttpClient(HttpClient http, int callsInFlight) {
        this.http = http;
        this.calls = new Semaphore(callsInFlight);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        if (request.headers().firstValue("Accept").filter("text/event-stream"::equals).isPresent()) {
            return http.send(request, handler); // a stream: open for as long as the agent is connected
        }
        calls.acquire();
        try {
            return http.send(request, handler);
        } finally {
            calls.release();
        }
    }

    /**
     * Alive calls: one per agent every contact period, within the same bound. Unbounded, they came in bursts once the
     * simulator kept up with its fleet (10,000 agents, parallel collector) and ran it out of descriptors beside the
     * streams. A permit is waited for on this client's gate thread, never on the caller's.
     */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return CompletableFuture.runAsync(calls::acquireUninterruptibly, gate)
                .thenCompose(permit -> http.sendAsync(request, handler).whenComplete((response, failure) -> calls.release()));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushes) {
        return http.sendAsync(request, handler, pushes);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return http.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return http.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return http.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return http.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return http.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return http.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return http.authenticator();
    }

    @Override
    public Version version() {
        return http.version();
    }

    @Override
    public Optional<Executor> executor() {
        return http.executor();
    }
}
