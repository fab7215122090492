package dev.meshfleet.rollout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for one cluster's Prometheus HTTP API ({@code GET /api/v1/query}): answers Istio success-rate queries with
 * {@link #successRate} and latency queries with {@link #latencyMs}, as an instant vector the way Prometheus does
 * (a null value answers an empty result: no data). Counts the queries it answered.
 */
final class PrometheusStub implements AutoCloseable {
    volatile Double successRate = 99.9;
    volatile Double latencyMs = 120.0;
    final AtomicInteger queries = new AtomicInteger();
    private final HttpServer server;

    PrometheusStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            String raw = exchange.getRequestURI().getRawQuery();
            String query = raw == null ? "" : URLDecoder.decode(raw.replaceFirst("^query=", ""), StandardCharsets.UTF_8);
            queries.incrementAndGet();
            Double value = query.contains("istio_request_duration_milliseconds_bucket") ? latencyMs
                    : query.contains("istio_requests_total") ? successRate : null;
            String result = value == null ? "[]"
                    : "[{\"metric\":{},\"value\":[" + System.currentTimeMillis() / 1000.0 + ",\"" + value + "\"]}]";
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":" + result + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
