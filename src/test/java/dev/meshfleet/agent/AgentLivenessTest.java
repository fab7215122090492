package dev.meshfleet.agent;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.delivery.AgentStreams;
import dev.meshfleet.support.LogCapture;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Liveness both ways, with short periods (heartbeats every 400 ms, alive calls every 400 ms, DISCONNECTED after 2 s of
 * silence, streams ended at 6 s): an agent leaves a server that went silent without closing anything; a cluster whose
 * agent no replica hears from is DISCONNECTED even while a replica still holds a stream to it; streams end at their
 * maximum age and the agent comes straight back.
 */
@QuarkusTest
@TestProfile(AgentLivenessTest.ShortPeriods.class)
class AgentLivenessTest {
    private static final long HEARTBEAT_MILLIS = 400;
    private static final long MAX_AGE_MILLIS = 6000;

    public static class ShortPeriods implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meshfleet.agent.heartbeat-interval", "PT0.4S", "meshfleet.agent.contact-interval", "PT0.4S",
                    "meshfleet.agent.disconnected-after", "PT2S", "meshfleet.agent.max-stream-age", "PT6S");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgentStreams streams;

    TcpProxy proxy;
    Agent agent;
    Thread agentThread;
    String admin;
    String mesh;

    @BeforeEach
    void connectAnAgentThroughTheProxy() throws Exception {
        TestTenant tenant = TestTenant.create();
        String bootstrapToken = tenant.registerCluster("c1", Map.of("env", "prod"));
        tenant.createMesh("payments");
        admin = tenant.admin();
        mesh = tenant.mesh("payments");
        as(admin).contentType("application/yaml").body(Seeds.PAYMENTS).put(mesh + "/intent").then().statusCode(201);
        proxy = new TcpProxy(base.getPort());
        agent = new Agent(new AgentClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build(), "http://127.0.0.1:" + proxy.port(), null)
                .requestTimeout(Duration.ofSeconds(2)),
                InMemoryClusterStore.currentIstio(), bootstrapToken, c -> { }, 500);
        agentThread = new Thread(agent, "agent-c1");
        agentThread.setDaemon(true);
        agentThread.start();
        await("APPLIED@1", () -> state().equals("APPLIED"));
    }

    @AfterEach
    void tearDown() throws IOException {
        agent.stop();
        proxy.close();
    }

    @Test
    void anAgentLeavesASilentServerWithinTwoHeartbeats() {
        // freeze right after a fresh stream opened, so its maximum age (at least 3.6 s) is not what ends it
        int before = proxy.streamRequests.get();
        await("a fresh stream", () -> proxy.streamRequests.get() > before && agent.state() == Agent.State.CONNECTED);
        int streams = proxy.streamRequests.get();
        long frozenAt = System.nanoTime();
        proxy.freezeStreams(); // nothing is closed: only a heartbeat that never comes can tell
        await("the agent reconnected", () -> proxy.streamRequests.get() > streams);
        long millis = (System.nanoTime() - frozenAt) / 1_000_000;
        assertTrue(millis < MAX_AGE_MILLIS * 9 / 10,
                "left the silent server after " + millis + " ms: heartbeats, not the stream's age, must end it");
        await("connected again", () -> agent.state() == Agent.State.CONNECTED);
        await("still APPLIED", () -> state().equals("APPLIED"));
    }

    @Test
    void aReportLostInASilentConnectionIsGivenUpAndSentAgain() {
        // the report of revision 2 goes into a connection that never answers nor closes (requests time out after 2 s)
        proxy.freezeNextReport();
        putRevision(1, 20);
        await("revision 2 applied and reported", () -> Integer.valueOf(2).equals(agent.appliedRevision("payments")));
        assertEquals(1, proxy.frozenReports.get(), "the first report of revision 2 was lost in the black hole");
        await("APPLIED", () -> state().equals("APPLIED"));
        // and the agent goes on: a later revision is applied too
        putRevision(2, 30);
        await("revision 3 applied", () -> Integer.valueOf(3).equals(agent.appliedRevision("payments")));
    }

    @Test
    void aReportWhoseConnectionClosesBeforeAnAnswerIsSentAgainAtOnce() {
        long retriedPasses = agent.retries();
        proxy.closeNextReport();
        putRevision(1, 40);
        await("revision 2 applied and reported", () -> Integer.valueOf(2).equals(agent.appliedRevision("payments")));
        assertEquals(1, proxy.closedReports.get(), "the first report of revision 2 met a closed connection");
        assertEquals(retriedPasses, agent.retries(), "the report was sent again within the same sync pass");
        await("APPLIED", () -> state().equals("APPLIED"));
    }

    @Test
    void aClusterNoReplicaHearsFromIsDisconnectedAndComesBack() {
        int before = proxy.streamRequests.get();
        await("a fresh stream", () -> proxy.streamRequests.get() > before && agent.state() == Agent.State.CONNECTED);
        proxy.freezeAll(); // the server still writes heartbeats into the open stream; nothing of the agent's arrives
        // the stream is held for at least 5.4 s more (its age), DISCONNECTED comes after 2 s: both must be seen at once
        await("DISCONNECTED while the server still holds the cluster's stream",
                () -> streams.connectedAgents() > 0 && state().equals("DISCONNECTED"));
        proxy.restore();
        await("APPLIED again", () -> state().equals("APPLIED"));
    }

    @Test
    void streamsEndAtTheirMaximumAgeAndAgentsComeStraightBack() {
        try (LogCapture log = LogCapture.start()) {
            int before = proxy.streamRequests.get();
            await("two streams ended by age and reopened", () -> proxy.streamRequests.get() >= before + 2);
            await("connected", () -> agent.state() == Agent.State.CONNECTED);
            putRevision(1, 30);
            await("revision 2 applied", () -> Integer.valueOf(2).equals(agent.appliedRevision("payments")));
            await("APPLIED", () -> state().equals("APPLIED"));
            // the server says why it ends the stream, so a planned end is no failure in the agent's log (it was a
            // warning per agent every 30 minutes)
            assertTrue(log.lines(l -> l.text().contains("Meshfleet ended the stream (the stream reached its maximum age)"))
                    .size() >= 2, () -> log.lines(l -> l.category().startsWith("dev.meshfleet.agent")).toString());
            assertEquals(List.of(), log.lines(l -> l.text().contains("no connection to Meshfleet")));
        }
    }

    @Test
    void aStoppedAgentEndsItsStreamWithoutAWarning() throws InterruptedException {
        try (LogCapture log = LogCapture.start()) {
            await("connected", () -> agent.state() == Agent.State.CONNECTED);
            agent.stop(); // closes its own stream: no lost connection (a simulator stopping 10,000 agents logged 10,000)
            agentThread.join(5_000);
            assertFalse(agentThread.isAlive(), "the stream loop ended");
            assertEquals(List.of(), log.lines(l -> l.text().contains("no connection to Meshfleet")));
        }
    }

    private String state() {
        return as(admin).get(mesh + "/status").then().statusCode(200).extract().jsonPath().getString("clusters[0].state");
    }

    /** Commits the revision after {@code current}: canary at {@code canaryWeight} %, stable at the rest. */
    private void putRevision(int current, int canaryWeight) {
        as(admin).contentType("application/yaml").header("If-Match", "\"" + current + "\"")
                .body(Seeds.withCanaryWeight(Seeds.PAYMENTS, canaryWeight))
                .put(mesh + "/intent").then().statusCode(201);
    }

    private static void await(String what, BooleanSupplier condition) {
        dev.meshfleet.support.Await.until(what, Duration.ofSeconds(20), condition);
    }
}
