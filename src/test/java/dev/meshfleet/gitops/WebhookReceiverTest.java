package dev.meshfleet.gitops;

import static dev.meshfleet.gitops.Hooks.github;
import static dev.meshfleet.gitops.Hooks.pushBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.gitops.core.Hmacs;
import dev.meshfleet.support.TestTenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;

/** The receiver: what it accepts, what it refuses and how, each attack of issue 13 that ends at the receiver. */
@QuarkusTest
class WebhookReceiverTest {
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final String PUSH = pushBody("refs/heads/main", SHA);

    @Inject
    EntityManager em;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    TestTenant tenant;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create();
        tenant.createMesh("payments");
    }

    Hooks.Source source(String provider) {
        return Hooks.create(tenant, "payments", provider, "http://127.0.0.1:1/unused.git", Map.of());
    }

    long syncJobs(String deliveryId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE topic = 'meshfleet-test.gitops.sync' AND payload->>'deliveryId' = :d")
                .setParameter("d", deliveryId).getSingleResult()).longValue());
    }

    @Test
    void aSignedPushIsAcceptedAndItsSyncJobGoesThroughTheOutbox() {
        Hooks.Source s = source("github");
        String delivery = UUID.randomUUID().toString();
        github(s, s.secret(), "push", delivery, PUSH).then().statusCode(202).contentType("application/json")
                .body("result", equalTo("accepted")).body("deliveryId", equalTo(delivery));
        assertEquals(1, syncJobs(delivery));
        given().auth().oauth2(tenant.admin()).get(s.apiPath()).then().statusCode(200)
                .body("status.lastDeliveryId", equalTo(delivery)).body("status.lastDeliveryResult", equalTo("accepted"));
        github(s, "ping", "{\"zen\":\"Keep it logically awesome.\"}").then().statusCode(200).body("result", equalTo("pong"));
        String scraped = RestAssured.get(metrics).then().statusCode(200).extract().asString();
        assertTrue(scraped.contains("meshfleet_gitops_deliveries_total{provider=\"github\",result=\"accepted\"}"), scraped);
    }

    @Test
    void aSenderThatAsksToContinueGetsToSendItsBody() throws IOException {
        Hooks.Source s = source("github");
        byte[] body = PUSH.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + s.hookPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-GitHub-Event: push\r\nX-GitHub-Delivery: " + UUID.randomUUID() + "\r\nX-Hub-Signature-256: sha256="
                    + Hooks.hmacHex(s.secret(), body) + "\r\nExpect: 100-continue\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(readHead(socket).startsWith("HTTP/1.1 100"), "the server asks for the body");
            out.write(body);
            String answer = readHead(socket);
            assertTrue(answer.startsWith("HTTP/1.1 202"), answer);
        }
    }

    @Test
    void wrongSignature() {
        Hooks.Source s = source("github");
        String delivery = UUID.randomUUID().toString();
        github(s, "not the source's secret at all", "push", delivery, PUSH).then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("does not match"));
        assertEquals(0, syncJobs(delivery));
    }

    @Test
    void sha1Downgrade() {
        Hooks.Source s = source("github");
        given().contentType("application/json").header("X-GitHub-Event", "push").header("X-Hub-Signature",
                "sha1=" + "0".repeat(40)).body(PUSH).post(s.hookPath()).then().statusCode(401)
                .body("detail", containsString("SHA-1"));
    }

    @Test
    void aGiteaDeliveryAtAGithubSourceAndViceVersa() {
        Hooks.Source githubSource = source("github");
        // Gitea also sends GitHub's header, signed with the Gitea hook's secret: a GitHub source never accepts it
        Hooks.gitea(githubSource, "the gitea side's own secret", PUSH).then().statusCode(401);
        Hooks.Source giteaSource = source("gitea");
        Hooks.gitea(giteaSource, giteaSource.secret(), PUSH).then().statusCode(202);
        // a GitHub delivery carries no X-Gitea-Signature: a Gitea source refuses it even with the right secret
        github(giteaSource, "push", PUSH).then().statusCode(401).body("detail", containsString("X-Gitea-Signature"));
    }

    @Test
    void replayedGitlabSigningTimestamp() {
        String token = "whsec_" + Base64.getEncoder().encodeToString("a signing key of 32 bytes.......".getBytes(
                StandardCharsets.US_ASCII));
        Hooks.Source s = Hooks.create(tenant, "payments", "gitlab", "http://127.0.0.1:1/unused.git",
                Map.of("webhookSecret", token));
        byte[] body = PUSH.getBytes(StandardCharsets.UTF_8);
        byte[] key = Base64.getDecoder().decode(token.substring(6));
        String id = "msg_" + UUID.randomUUID();
        long old = Instant.now().minusSeconds(600).getEpochSecond();
        signedGitlab(s, id, old, key, body).then().statusCode(401).body("detail", containsString("5 minutes"));
        long now = Instant.now().getEpochSecond();
        signedGitlab(s, id, now, key, body).then().statusCode(202);
        // the same delivery again, freshly timestamped (a replay within the window): a duplicate, no second job
        signedGitlab(s, id, now, key, body).then().statusCode(200).body("result", equalTo("duplicate"));
        assertEquals(1, syncJobs(id));
        given().contentType("application/json").header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", token)
                .body(body).post(s.hookPath()).then().statusCode(401);
    }

    static io.restassured.response.Response signedGitlab(Hooks.Source s, String id, long timestamp, byte[] key, byte[] body) {
        byte[] signed = Hmacs.sha256(key, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return given().contentType("application/json").header("X-Gitlab-Event", "Push Hook").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", "v1," + Base64.getEncoder().encodeToString(signed)).body(body)
                .post(s.hookPath());
    }

    @Test
    void duplicateDeliveryId() {
        Hooks.Source s = source("github");
        String delivery = UUID.randomUUID().toString();
        github(s, s.secret(), "push", delivery, PUSH).then().statusCode(202);
        github(s, s.secret(), "push", delivery, PUSH).then().statusCode(200).body("result", equalTo("duplicate"));
        assertEquals(1, syncJobs(delivery));
        // kept in Postgres, not in the replica's memory: what a restarted (or any other) replica consults
        long stored = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM git_deliveries WHERE delivery_id = :d").setParameter("d", delivery).getSingleResult())
                .longValue());
        assertEquals(1, stored); // and after a real restart: WebhookRedeliveryAfterRestartTest
    }

    @Test
    void anotherBranchIsIgnored() {
        Hooks.Source s = source("github");
        String delivery = UUID.randomUUID().toString();
        github(s, s.secret(), "push", delivery, pushBody("refs/heads/feature", SHA)).then().statusCode(200)
                .body("result", equalTo("ignored")).body("detail", containsString("refs/heads/main"));
        github(s, s.secret(), "issues", UUID.randomUUID().toString(), PUSH).then().statusCode(200)
                .body("result", equalTo("ignored"));
        assertEquals(0, syncJobs(delivery));
    }

    @Test
    void nonJson() {
        Hooks.Source s = source("github");
        given().contentType("application/x-www-form-urlencoded").body("payload=" + PUSH).post(s.hookPath()).then()
                .statusCode(415).contentType("application/problem+json");
        given().contentType("text/plain").body(PUSH).post(s.hookPath()).then().statusCode(415);
        // signed garbage: authentic, but not JSON
        github(s, "push", "{not json").then().statusCode(400).contentType("application/problem+json");
        github(s, "push", "[1,2]").then().statusCode(400);
        given().get(s.hookPath()).then().statusCode(405).header("Allow", "POST");
        given().contentType("application/json").body(PUSH).post("/hooks/" + "A".repeat(32)).then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType("application/json").body(PUSH).post("/hooks/../api").then().statusCode(404);
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        Hooks.Source s = source("github");
        String answer = rawHead(s.hookPath(), "Content-Length: " + (4 * 1024 * 1024) + "\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
    }

    @Test
    void oneGibChunkedBodyIsRefusedWithoutReadingItAll() throws Exception {
        Hooks.Source s = source("github");
        AtomicLong sent = new AtomicLong();
        long gib = 1L << 30;
        double readBefore = bodyBytesRead();
        HeapPeak heap = HeapPeak.start();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + s.hookPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-GitHub-Event: push\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<String> response = CompletableFuture.supplyAsync(() -> readHead(socket));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                while (sent.get() < gib && !response.isDone()) {
                    out.write(head);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException closedByServer) {
                // the server stopped reading and closed the connection: what it should do
            }
            String answer = response.get(30, TimeUnit.SECONDS);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        }
        long peak = heap.stop();
        // the server read at most the limit; the rest sat in socket buffers until it closed the connection
        assertTrue(sent.get() < 64L * 1024 * 1024, "the client got " + sent.get() + " bytes out before being stopped");
        double read = bodyBytesRead() - readBefore;
        assertTrue(read <= 3 * 1024 * 1024 + 64 * 1024, "the receiver read " + read + " body bytes; the limit is 3 MiB");
        // memory stays flat: buffering the body would add up to a GiB; young-generation churn of the rest of the app
        // stays well under the bound
        assertTrue(peak < 384L * 1024 * 1024, "heap in use rose by " + (peak >> 20) + " MiB during the upload");
    }

    /** The receiver's count of webhook body bytes read off connections, scraped from the management port. */
    double bodyBytesRead() {
        String scraped = RestAssured.get(metrics).then().statusCode(200).extract().asString();
        return scraped.lines().filter(l -> l.startsWith("meshfleet_gitops_body_bytes_total")).mapToDouble(
                l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Samples the heap in use every 10 ms and reports the largest rise over the first sample. */
    static final class HeapPeak {
        private final java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        private final long baseline = memory.getHeapMemoryUsage().getUsed();
        private final AtomicLong peak = new AtomicLong();
        private final java.util.concurrent.ScheduledExecutorService sampler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

        static HeapPeak start() {
            HeapPeak heap = new HeapPeak();
            heap.sampler.scheduleAtFixedRate(() -> heap.peak.accumulateAndGet(
                    heap.memory.getHeapMemoryUsage().getUsed() - heap.baseline, Math::max), 0, 10, TimeUnit.MILLISECONDS);
            return heap;
        }

        long stop() throws InterruptedException {
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            return peak.get();
        }
    }

    @Test
    void slowHeaders() throws Exception {
        Hooks.Source s = source("github");
        long bound = 3_000; // %test.meshfleet.http.header-timeout
        byte[] head = ("POST " + s.hookPath() + " HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(400))
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            long started = System.nanoTime();
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> readHead(socket));
            CompletableFuture<Integer> dribbled = CompletableFuture.supplyAsync(() -> {
                int sent = 0;
                try {
                    for (; sent < head.length && !answer.isDone(); sent++) {
                        socket.getOutputStream().write(head[sent]); // one byte every 50 ms: 20 s for the whole head
                        socket.getOutputStream().flush();
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException cutOff) {
                    // the server closed the connection
                }
                return sent;
            });
            // while it dribbles, the server serves others
            github(s, "push", PUSH).then().statusCode(202);
            given().auth().oauth2(tenant.admin()).get(s.apiPath()).then().statusCode(200);
            String cut = answer.get(20, TimeUnit.SECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(cut.startsWith("HTTP/1.1 408"), cut);
            assertTrue(tookMs >= bound - 100 && tookMs < bound + 2_000, "cut off after " + tookMs + " ms; the bound is "
                    + bound + " ms");
            assertTrue(dribbled.get(5, TimeUnit.SECONDS) < head.length, "the head was never completed");
            // the problem body, then the end of the stream: the server closed the connection
            String rest = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(rest.contains("request-timeout"), rest);
        }
        github(s, "push", PUSH).then().statusCode(202);
    }

    @Test
    void slowHeadersHoldNoWorkerAndSlowBodiesTimeOut() throws Exception {
        Hooks.Source s = source("github");
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket("localhost", RestAssured.port);
                socket.getOutputStream().write(("POST " + s.hookPath() + " HTTP/1.1\r\nHost: loc")
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            // fifty connections stuck in their headers: a real delivery is still received and answered
            github(s, "push", PUSH).then().statusCode(202);
            String answer = rawHead(s.hookPath(), "Content-Length: 100\r\n"); // promises a body that never comes
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aSourceOverItsRateGets429WithRetryAfter() {
        Hooks.Source s = source("github");
        int limited = 0;
        for (int i = 0; i < 60 && limited == 0; i++) {
            int status = github(s, "not the secret", "push", UUID.randomUUID().toString(), PUSH).then().extract()
                    .statusCode();
            if (status == 429) {
                limited++;
            } else {
                assertEquals(401, status);
            }
        }
        assertEquals(1, limited, "a burst of deliveries is limited");
        github(s, "push", PUSH).then().statusCode(429).header("Retry-After", notNullValue());
        // another source is not affected
        github(source("github"), "push", PUSH).then().statusCode(202);
    }

    /** Sends a POST head with the extra header lines and no body, and returns the status line and headers answered. */
    static String rawHead(String path, String extra) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/json\r\n" + extra + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return readHead(socket);
        }
    }

    static String readHead(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                text.append((char) c);
                if (text.toString().endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return text.toString();
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }
}
