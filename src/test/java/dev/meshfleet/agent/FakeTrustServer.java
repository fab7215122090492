package dev.meshfleet.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.protocol.AgentProtocol;
import dev.meshfleet.protocol.TrustCsr;
import dev.meshfleet.protocol.TrustDesired;
import dev.meshfleet.protocol.TrustIssued;
import dev.meshfleet.protocol.TrustReport;
import dev.meshfleet.trust.core.CsrSigner;
import dev.meshfleet.trust.core.RootCa;
import dev.meshfleet.trust.core.TrustDomain;
import dev.meshfleet.trust.core.TestPki;

/**
 * The server's three trust endpoints for agent tests ({@code GET /agent/v1/trust}, {@code POST .../trust/csr},
 * {@code POST .../trust/report}), signing CSRs with the server's real {@link CsrSigner}. What it wants is set by the
 * test ({@link #want}); without it, {@code GET /trust} answers 204. The end-to-end tests use the real server instead.
 */
final class FakeTrustServer implements AutoCloseable {
    static final TrustDomain DOMAIN = new TrustDomain("payments.example.org");

    final List<TrustReport> reports = new CopyOnWriteArrayList<>();
    final List<String> csrs = new CopyOnWriteArrayList<>();
    private final HttpServer http;
    private final CsrSigner signer = new CsrSigner(TestPki.RANDOM, Duration.ofDays(30));
    /** When set, CSRs get this status and a problem body instead of an intermediate. */
    volatile int refuseCsrsWith;
    private volatile TrustDesired desired;
    private volatile RootCa issuer;

    FakeTrustServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext(AgentProtocol.BASE_PATH + "/trust", this::handle);
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** From now on: intermediates issued by {@code issuer}, {@code root-cert.pem} = the bundle's roots in order. */
    void want(RootCa issuer, List<RootCa> bundle, double renewAt, boolean probeLeaves) {
        String pem = Pem.encodeAll(bundle.stream().map(RootCa::certificate).toList());
        this.issuer = issuer;
        this.desired = new TrustDesired(DOMAIN.name(), Fingerprints.of(issuer.certificate()), pem, Fingerprints.sha256(pem),
                renewAt, probeLeaves);
    }

    TrustDesired desired() {
        return desired;
    }

    TrustReport lastReport() {
        return reports.get(reports.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"Bearer test-credential".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"title\":\"Unauthorized\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath().substring(AgentProtocol.BASE_PATH.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            switch (exchange.getRequestMethod() + " " + path) {
                case "GET /trust" -> {
                    TrustDesired wanted = desired;
                    if (wanted == null) {
                        exchange.sendResponseHeaders(204, -1);
                    } else {
                        send(exchange, 200, AgentJson.MAPPER.writeValueAsString(wanted));
                    }
                }
                case "POST /trust/csr" -> csr(exchange, AgentJson.MAPPER.readValue(body, TrustCsr.class));
                case "POST /trust/report" -> {
                    reports.add(AgentJson.MAPPER.readValue(body, TrustReport.class));
                    exchange.sendResponseHeaders(202, -1);
                }
                default -> send(exchange, 404, "{\"title\":\"Not Found\"}");
            }
        }
    }

    private void csr(HttpExchange exchange, TrustCsr csr) throws IOException {
        csrs.add(csr.csr());
        if (refuseCsrsWith != 0) {
            send(exchange, refuseCsrsWith, "{\"title\":\"Refused\",\"detail\":\"refused by the test\"}");
            return;
        }
        RootCa root = issuer;
        X509Certificate intermediate;
        try {
            intermediate = signer.sign(csr.csr(), root, DOMAIN, "east", Instant.now());
        } catch (ValidationException e) {
            send(exchange, 400, "{\"title\":\"Bad CSR\",\"detail\":\"" + e.getMessage() + "\"}");
            return;
        }
        send(exchange, 200, AgentJson.MAPPER.writeValueAsString(new TrustIssued(Pem.encode(intermediate),
                Pem.encodeAll(List.of(intermediate, root.certificate())), Fingerprints.of(root.certificate()),
                intermediate.getNotAfter().toInstant().toString())));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
