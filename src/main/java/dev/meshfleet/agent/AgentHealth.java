package dev.meshfleet.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The agent's probes: /healthz (alive: not revoked) and /readyz (connected to Meshfleet and able to reach the
 * cluster's API server; the reason in the body when not).
 */
public final class AgentHealth implements AutoCloseable {
    private final HttpServer server;

    private AgentHealth(HttpServer server) {
        this.server = server;
    }

    /** Serves on the port (0: any free one). */
    public static AgentHealth serve(Agent agent, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", exchange -> respond(exchange, agent.state() != Agent.State.REVOKED,
                agent.state().toString()));
        server.createContext("/readyz", exchange -> {
            Agent.Readiness readiness = agent.readiness();
            respond(exchange, readiness.ready(), readiness.reason());
        });
        server.setExecutor(null);
        server.start();
        return new AgentHealth(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, boolean ok, String reason) throws IOException {
        byte[] body = (ok ? "ok" : "not ready: " + reason).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
