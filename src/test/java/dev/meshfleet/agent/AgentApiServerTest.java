package dev.meshfleet.agent;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.Await;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * An agent run by hand against a cluster whose API server it cannot reach says so: not ready, a warning in its log, and
 * the error in the mesh's status instead of a silent PENDING. Against a reachable cluster it is ready and logs what it
 * changed.
 */
@QuarkusTest
class AgentApiServerTest {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URL base;

    String admin;
    String mesh;
    String bootstrapToken;
    Agent agent;
    AgentHealth health;
    KubernetesClient unreachable;
    SimulatedCluster cluster;
    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() {
        TestTenant tenant = TestTenant.create();
        admin = tenant.admin();
        bootstrapToken = tenant.registerCluster(Map.of("name", "c1")).extract().path("bootstrapToken");
        tenant.createMesh("payments");
        mesh = tenant.mesh("payments");
        tenant.putFirstIntent("payments", Seeds.PAYMENTS);
        Logger.getLogger("dev.meshfleet.agent").addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger("dev.meshfleet.agent").removeHandler(capture);
        if (agent != null) {
            agent.stop();
        }
        if (health != null) {
            health.close();
        }
        if (unreachable != null) {
            unreachable.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void start(KubernetesClient kube) throws Exception {
        agent = new Agent(new AgentClient(HTTP, base.toString(), null), new KubernetesClusterStore(kube), bootstrapToken,
                new AtomicReference<String>()::set, 500);
        Thread thread = new Thread(agent, "agent-c1");
        thread.setDaemon(true);
        thread.start();
        health = AgentHealth.serve(agent, 0);
    }

    private HttpResponse<String> readyz() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonPath status() {
        return as(admin).get(mesh + "/status").then().statusCode(200).extract().jsonPath();
    }

    private boolean logged(Level level, String text) {
        return logged.stream().anyMatch(r -> r.getLevel().intValue() == level.intValue() && formatted(r).contains(text));
    }

    private static String formatted(LogRecord r) {
        return r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters());
    }

    @Test
    void unreachableApiServerIsNotReadyAndTheStatusShowsWhy() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:" + closedPort).withRequestRetryBackoffLimit(0).build()).build();
        start(unreachable);

        Await.until("the status shows the agent's error", Duration.ofSeconds(30), () -> {
            JsonPath s = status();
            return "FAILED".equals(s.getString("clusters[0].state")) && Integer.valueOf(1).equals(s.get("clusters[0].appliedRevision"))
                    && String.valueOf(s.getString("clusters[0].errors[0].error"))
                            .contains("cannot reach the Kubernetes API server: https://127.0.0.1:" + closedPort);
        });
        Await.until("readyz says why it is not ready", Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = readyz();
            return r.statusCode() == 503 && r.body().contains("cannot reach the Kubernetes API server");
        });
        assertTrue(logged(Level.WARNING, "cannot reach the Kubernetes API server"), "warned in the log");
        assertTrue(logged(Level.WARNING, "reported mesh payments revision 1: FAILED"), "the report is logged");
    }

    @Test
    void reachableApiServerIsReadyAndChangesAreLogged() throws Exception {
        cluster = new SimulatedCluster();
        start(cluster.client);
        Await.until("APPLIED", Duration.ofSeconds(30), () -> "APPLIED".equals(status().getString("clusters[0].state")));
        Await.until("ready", Duration.ofSeconds(30), () -> readyz().statusCode() == 200);
        assertTrue(readyz().body().equals("ok"));
        assertTrue(logged(Level.INFO, "applied VirtualService production/payment-service (mesh payments, revision 1)"),
                logged.stream().map(AgentApiServerTest::formatted).toList().toString());
        assertTrue(logged(Level.INFO, "reported mesh payments revision 1: APPLIED (8 resources, 8 changed)"));
    }
}
