package dev.meshfleet.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.protocol.AgentProtocol;
import dev.meshfleet.protocol.Bundle;
import dev.meshfleet.protocol.DesiredMesh;
import dev.meshfleet.protocol.Measurements;
import dev.meshfleet.protocol.Register;
import dev.meshfleet.protocol.Registered;
import dev.meshfleet.protocol.Report;
import dev.meshfleet.protocol.StreamEvents;
import dev.meshfleet.protocol.TrustCsr;
import dev.meshfleet.protocol.TrustDesired;
import dev.meshfleet.protocol.TrustIssued;
import dev.meshfleet.protocol.TrustReport;

/** The agent's side of the agent protocol ({@code /agent/v1}), over the JDK's HTTP client: outbound HTTPS only. */
public class AgentClient {
    /** The server refused the credential or bootstrap token: the agent must stop applying. */
    public static class Unauthorized extends IOException {
        public Unauthorized(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = AgentJson.MAPPER;
    private static final String BASE = AgentProtocol.BASE_PATH;
    /** The stream's events and the record each carries; events of other names are skipped. */
    private static final Map<String, Class<?>> EVENTS = Map.of(StreamEvents.HELLO, StreamEvents.Hello.class,
            StreamEvents.DESIRED, StreamEvents.DesiredSet.class, StreamEvents.HEARTBEAT, StreamEvents.Heartbeat.class,
            StreamEvents.REVOKED, StreamEvents.Revoked.class, StreamEvents.RECONNECT, StreamEvents.Reconnect.class);

    private static final Duration STREAM_OPEN_TIMEOUT = Duration.ofSeconds(15);
    private static final long MIN_STREAM_OPEN_MILLIS = 2000;
    /**
     * How long any other call may take. Without a bound, a call whose connection went silent (a frozen replica, a
     * path dropping packets, a load balancer that forgot the connection) blocked the agent's sync for good: it then
     * applied no later revision. Longer than the server's own 30 s bound on storing a report, which answers 503 first.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(40);

    private final HttpClient http;
    private final String server;
    private volatile String credential;
    private volatile Stream<String> openStream;
    /** When the open stream last carried a line (System.nanoTime): a heartbeat counts, and so does anything else. */
    private volatile long lastHeardNanos;
    /** How long a stream's response may take to start: 15 s, or two heartbeats once a server said how often they come. */
    private volatile Duration streamOpenTimeout = STREAM_OPEN_TIMEOUT;
    private volatile Duration requestTimeout = REQUEST_TIMEOUT;
    /** Sent with every try of this agent's registration: a retry after a lost answer is honoured (see Register). */
    private final String registrationKey = java.util.UUID.randomUUID().toString();

    public AgentClient(HttpClient http, String server, String credential) {
        this.http = http;
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.credential = credential;
    }

    /** Bounds every call but the stream's (default {@link #REQUEST_TIMEOUT}). */
    public AgentClient requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    public String credential() {
        return credential;
    }

    /** The Meshfleet server this client talks to. */
    public String server() {
        return server;
    }

    public Registered register(String bootstrapToken, String agentVersion) throws IOException, InterruptedException {
        // no token, no registration: the caller checks first (AgentMain refuses to start without either)
        String body = JSON.writeValueAsString(new Register(Objects.requireNonNull(bootstrapToken, "bootstrapToken"),
                agentVersion, registrationKey));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server + BASE + "/register"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        check(response.statusCode(), response.body());
        Registered registered = JSON.readValue(response.body(), Registered.class);
        credential = registered.credential();
        return registered;
    }

    /** Blocks while the stream is open, handing each event to the handler as its record (see {@link StreamEvents}). */
    public void stream(Consumer<Object> onEvent) throws IOException, InterruptedException {
        // the timeout bounds waiting for the response's headers only, not the open stream (StreamWatch watches that)
        HttpResponse<Stream<String>> response = http.send(authorized(BASE + "/stream").timeout(streamOpenTimeout)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", lines.toList());
            }
            check(response.statusCode(), body);
        }
        try (Stream<String> lines = response.body()) {
            lastHeardNanos = System.nanoTime();
            openStream = lines;
            String[] event = { null };
            StringBuilder data = new StringBuilder();
            lines.forEach(line -> {
                lastHeardNanos = System.nanoTime();
                if (line.isEmpty()) {
                    Class<?> type = event[0] == null ? null : EVENTS.get(event[0]);
                    if (type != null && data.length() > 0) {
                        try {
                            onEvent.accept(JSON.readValue(data.toString(), type));
                        } catch (IOException e) {
                            // an unreadable event is skipped; the next desired set supersedes it anyway
                        }
                    }
                    event[0] = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event[0] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            openStream = null;
        }
    }

    /**
     * The server sends heartbeats this often: a stream that does not start within two of them (a server that accepts
     * connections but answers nothing) is given up sooner than the first connection's 15 s.
     */
    public void expectHeartbeats(long millis) {
        streamOpenTimeout = Duration.ofMillis(Math.min(STREAM_OPEN_TIMEOUT.toMillis(),
                Math.max(MIN_STREAM_OPEN_MILLIS, 2 * millis)));
    }

    /** How long the open stream has carried nothing, in milliseconds. */
    public long streamSilentMillis() {
        return (System.nanoTime() - lastHeardNanos) / 1_000_000;
    }

    /**
     * Tells the server this agent is alive, without blocking: completes with the HTTP status (401: the credential is
     * no longer valid), or exceptionally when the server could not be reached.
     */
    public java.util.concurrent.CompletableFuture<Integer> alive() {
        return http.sendAsync(authorized(BASE + AgentProtocol.ALIVE_PATH).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }

    /** Ends the open stream, if any (used when the agent stops). */
    public void closeStream() {
        Stream<String> stream = openStream;
        if (stream != null) {
            stream.close();
        }
    }

    /** The bundle at a path the desired set named. */
    public Bundle bundle(String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(authorized(path).timeout(requestTimeout)
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream raw = response.body();
                InputStream in = response.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent()
                        ? new GZIPInputStream(raw) : raw) {
            byte[] bytes = in.readAllBytes();
            check(response.statusCode(), new String(bytes));
            return JSON.readValue(bytes, Bundle.class);
        }
    }

    public void report(Report report) throws IOException, InterruptedException {
        HttpRequest request = authorized(BASE + "/reports").timeout(requestTimeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(report))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw e; // the sync pass is retried later
        } catch (IOException e) {
            // The connection ended before any answer: most often a kept-alive connection the load balancer or server
            // closed just as it was reused (the JDK client retries only GETs on its own). Storing a report is
            // idempotent, so it is sent again at once on a new connection rather than failing the whole sync pass.
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        check(response.statusCode(), response.body());
    }

    public void measurements(String rolloutId, Measurements body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(authorized(BASE + "/rollouts/" + rolloutId + "/measurements")
                .timeout(requestTimeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        check(response.statusCode(), response.body());
    }

    public List<DesiredMesh> desired() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(authorized(BASE + "/desired").timeout(requestTimeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        check(response.statusCode(), response.body());
        return JSON.readValue(response.body(), JSON.getTypeFactory().constructCollectionType(List.class, DesiredMesh.class));
    }

    /** What {@code istio-system/cacerts} should hold, or empty (204) when Meshfleet does not manage this cluster's trust. */
    public java.util.Optional<TrustDesired> trust() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(authorized(BASE + "/trust").timeout(requestTimeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 204) {
            return java.util.Optional.empty();
        }
        check(response.statusCode(), response.body());
        return java.util.Optional.of(JSON.readValue(response.body(), TrustDesired.class));
    }

    /** Has the cluster's intermediate issued from a CSR made in the cluster. */
    public TrustIssued trustCsr(TrustCsr csr) throws IOException, InterruptedException {
        return JSON.readValue(post(BASE + "/trust/csr", csr), TrustIssued.class);
    }

    public void trustReport(TrustReport report) throws IOException, InterruptedException {
        post(BASE + "/trust/report", report);
    }

    private String post(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(authorized(path).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        check(response.statusCode(), response.body());
        return response.body();
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(server + path)).header("Authorization", "Bearer " + credential);
    }

    private static void check(int status, String body) throws IOException {
        if (status == 401) {
            throw new Unauthorized(body);
        }
        if (status >= 300) {
            throw new IOException("HTTP " + status + ": " + body);
        }
    }
}
