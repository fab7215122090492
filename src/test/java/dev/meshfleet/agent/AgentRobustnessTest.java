package dev.meshfleet.agent;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.protocol.MeshfleetLabels;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A bundle that fails part-way is reported PARTIAL and retried; a server that goes away loses nothing. */
@QuarkusTest
class AgentRobustnessTest {
    @TestHTTPResource("/")
    URL base;

    Agent agent;
    Thread thread;
    TcpProxy proxy;
    String bootstrapToken;
    String admin;
    String mesh;

    @AfterEach
    void tearDown() throws IOException {
        if (agent != null) {
            agent.stop();
        }
        if (thread != null) {
            thread.interrupt();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /** Fails every apply of one resource until told to stop, like an admission webhook that rejects it for a while. */
    static final class FlakyStore extends InMemoryClusterStore {
        final AtomicInteger failures = new AtomicInteger();
        volatile boolean failing = true;

        FlakyStore() {
            super(new IstioInfo("1.24.0", Set.of()));
        }

        @Override
        public ApplyResult apply(ObjectNode manifest, boolean force) {
            if (failing && manifest.at("/metadata/name").asText().equals("deny-all")) {
                failures.incrementAndGet();
                return new ApplyResult(Outcome.FAILED, "HTTP 500: admission webhook unavailable");
            }
            return super.apply(manifest, force);
        }
    }

    /** A tenant with cluster c1 (env=prod) and mesh "payments" (no intent yet); sets bootstrapToken, admin and mesh. */
    private void setUpTenant() {
        TestTenant tenant = TestTenant.create();
        bootstrapToken = tenant.registerCluster("c1", Map.of("env", "prod"));
        tenant.createMesh("payments");
        admin = tenant.admin();
        mesh = tenant.mesh("payments");
    }

    private void start(String url, String bootstrap, ClusterStore store, AtomicReference<String> credential) {
        agent = new Agent(new AgentClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build(), url, credential.get()), store, bootstrap, credential::set, 500);
        thread = new Thread(agent, "agent-c1");
        thread.setDaemon(true);
        thread.start();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        dev.meshfleet.support.Await.until(what, Duration.ofSeconds(30), condition);
    }

    private static String state(String admin, String mesh) {
        JsonPath s = as(admin).get(mesh + "/status").then().statusCode(200).extract().jsonPath();
        return s.getString("clusters[0].state") + "@" + s.getString("clusters[0].appliedRevision");
    }

    @Test
    void partialBundleIsReportedThenRetriedUntilApplied() throws Exception {
        setUpTenant();
        FlakyStore store = new FlakyStore();
        start(base.toString(), bootstrapToken, store, new AtomicReference<>());
        as(admin).contentType("application/yaml").body(Seeds.PAYMENTS).put(mesh + "/intent").then().statusCode(201);
        await("PARTIAL reported", () -> state(admin, mesh).equals("PARTIAL@1"));
        as(admin).get(mesh + "/status").then().body("clusters[0].errors[0].name", org.hamcrest.Matchers.equalTo("deny-all"))
                .body("clusters[0].errors[0].error", org.hamcrest.Matchers.containsString("admission webhook"));
        await("retried", () -> store.failures.get() >= 2);
        store.failing = false;
        await("APPLIED after the retry", () -> state(admin, mesh).equals("APPLIED@1"));
        assertEquals(8, store.size());
    }

    @Test
    void serverAwayLosesNothing() throws Exception {
        setUpTenant();
        proxy = new TcpProxy(base.getPort());
        InMemoryClusterStore store = InMemoryClusterStore.currentIstio();
        AtomicReference<String> credential = new AtomicReference<>();
        start("http://127.0.0.1:" + proxy.port(), bootstrapToken, store, credential);
        as(admin).contentType("application/yaml").body(Seeds.PAYMENTS).put(mesh + "/intent").then().statusCode(201);
        await("revision 1 applied", () -> Integer.valueOf(1).equals(agent.applied().get("payments")));

        proxy.cut(); // the server is unreachable for the agent: stream broken, reconnects refused
        await("the agent lost its stream", () -> agent.state() == Agent.State.DISCONNECTED);
        as(admin).contentType("application/yaml").header("If-Match", "\"1\"")
                .body(Seeds.PAYMENTS.replace("weight: 90", "weight: 70").replace("weight: 10", "weight: 30"))
                .put(mesh + "/intent").then().statusCode(201);
        as(admin).contentType("application/yaml").header("If-Match", "\"2\"")
                .body(Seeds.PAYMENTS.replace("weight: 90", "weight: 60").replace("weight: 10", "weight: 40"))
                .put(mesh + "/intent").then().statusCode(201);
        // the agent tried again after both changes and was refused: it had its chance, and nothing reached it
        int refusedBefore = proxy.refused.get();
        await("a reconnect refused after the changes", () -> proxy.refused.get() > refusedBefore);
        assertEquals(Agent.State.DISCONNECTED, agent.state());
        assertEquals(1, agent.applied().get("payments"), "nothing reached the agent while the server was away");

        proxy.restore(); // back: the agent reconnects with backoff and converges straight to the latest revision
        await("revision 3 applied", () -> Integer.valueOf(3).equals(agent.applied().get("payments")));
        assertTrue(store.list(Map.of(MeshfleetLabels.MESH_LABEL, "payments")).stream()
                .map(store::get).anyMatch(r -> r.toString().contains("\"weight\":60")));
        await("APPLIED@3", () -> state(admin, mesh).equals("APPLIED@3"));
    }
}
