package dev.meshfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.protocol.StreamEvents;
import dev.meshfleet.protocol.TrustReport;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.LogCapture;
import dev.meshfleet.trust.core.KeyAlgorithm;
import dev.meshfleet.trust.core.RootCa;
import dev.meshfleet.trust.core.RootCas;
import dev.meshfleet.trust.core.TestPki;

/**
 * The trust keeper as the agent runs it, on an in-memory cluster with its in-memory istiod (what the fleet simulator and
 * benchmarks use): the period, the nudge of a desired set, the cluster's name from hello, a refused CSR, a revoked
 * credential, a foreign cacerts, and that no key material reaches a log line or a report.
 */
class TrustKeeperAgentTest {
    static final RootCas ROOTS = new RootCas(TestPki.RANDOM);

    FakeTrustServer server;
    InMemoryClusterStore store;
    RootCa rootA;
    RootCa rootB;
    Agent agent;
    TrustKeeper keeper;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeTrustServer();
        store = InMemoryClusterStore.currentIstio().readyForMultiRoot();
        store.istiod().namespaces("payments");
        rootA = ROOTS.generate(FakeTrustServer.DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, Instant.now());
        rootB = ROOTS.generate(FakeTrustServer.DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, Instant.now());
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.stop();
        }
        if (keeper != null) {
            keeper.stop();
        }
        server.close();
    }

    AgentClient client(String credential) {
        return new AgentClient(HttpClient.newHttpClient(), server.url(), credential);
    }

    static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), condition);
    }

    @Test
    void anAgentWithTrustKeepsCacertsOnItsPeriodAndReportsWhatItsIstiodLoaded() {
        server.want(rootA, List.of(rootA), 0.8, true);
        agent = new Agent(client("test-credential"), store, null, c -> { }, 1000).keepTrust(200, "ignored:15012");
        String bundle = Fingerprints.sha256(server.desired().rootCertPem());
        await("a report of istiod serving the new intermediate", () -> agent.trust().lastReport()
                .filter(r -> r.istiodIntermediateSha256() != null
                        && r.istiodIntermediateSha256().equals(r.cacertsIntermediateSha256()))
                .isPresent());
        TrustReport report = agent.trust().lastReport().orElseThrow();
        assertEquals(Map.of(bundle, 2), report.configMapRoots(), "istio-system and payments");
        assertEquals(Fingerprints.of(rootA.certificate()), report.cacertsIssuerSha256());
        assertEquals(1, report.leafChecks().size(), "no previous intermediate yet");
        assertTrue(report.leafChecks().get(0).verified(), report.leafChecks().toString());
        assertTrue(report.multiRootMesh());
        assertTrue(report.xdsAgent());
        assertFalse(report.ambient());
        assertEquals("1.24.1", report.istioVersion());
        assertNull(report.error());
        assertEquals(1, store.istiod().reloads());

        // the A+B+B trick: the same intermediate, byte-different bundles, each one reloaded
        server.want(rootA, List.of(rootA, rootB), 0.8, true);
        await("istiod reloaded A+B", () -> store.istiod().reloads() == 2);
        server.want(rootA, List.of(rootA, rootB, rootB), 0.8, true);
        await("istiod reloaded A+B+B", () -> store.istiod().reloads() == 3);
        assertEquals(1, server.csrs.size());
    }

    @Test
    void aDesiredSetNudgesAPassAndHelloNamesTheCluster() {
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper = new TrustKeeper(client("test-credential"), store, "ignored:15012", Clock.systemUTC());
        keeper.streamEvent(new StreamEvents.Hello("east", 30));
        keeper.start(Duration.ofHours(1)); // one pass now, the next only when nudged
        await("the first pass", () -> keeper.lastReport().isPresent());
        assertTrue(Pem.csr("csr", server.csrs.get(0)).getSubject().toString().contains("CN=east"),
                Pem.csr("csr", server.csrs.get(0)).getSubject().toString());

        server.want(rootA, List.of(rootA, rootB), 0.8, false);
        keeper.streamEvent(new StreamEvents.DesiredSet(List.of()));
        String wanted = Fingerprints.sha256(server.desired().rootCertPem());
        await("the nudged pass wrote the new bundle", () -> keeper.lastReport()
                .filter(r -> wanted.equals(r.cacertsRootSha256())).isPresent());
    }

    @Test
    void aRefusedCsrIsReportedAndNothingIsWritten() throws Exception {
        server.want(rootA, List.of(rootA), 0.8, false);
        server.refuseCsrsWith = 400;
        keeper = new TrustKeeper(client("test-credential"), store, "ignored:15012", Clock.systemUTC());
        keeper.pass();
        assertTrue(store.secret("istio-system", "cacerts").isEmpty());
        String error = server.lastReport().error();
        assertTrue(error != null && error.contains("HTTP 400") && error.contains("refused by the test"), error);

        server.refuseCsrsWith = 0;
        keeper.pass();
        assertNull(server.lastReport().error());
        assertTrue(store.secret("istio-system", "cacerts").isPresent());
    }

    @Test
    void aRevokedCredentialStopsTheKeeper() {
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper = new TrustKeeper(client("revoked"), store, "ignored:15012", Clock.systemUTC()).start(Duration.ofMillis(100));
        await("the first pass", () -> keeper.passes() >= 1);
        long passes = keeper.passes();
        keeper.nudge(); // stopped: refused without a pass
        assertEquals(passes, keeper.passes());
        assertTrue(store.secret("istio-system", "cacerts").isEmpty());
    }

    @Test
    void aForeignCacertsInMemoryIsReportedAndKept() throws Exception {
        ClusterStore.StoredSecret theirs = new ClusterStore.StoredSecret("Opaque", Map.of(), Map.of("ca-cert.pem", "x"),
                Set.of("kubectl-create"));
        store.putSecret("istio-system", "cacerts", theirs);
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper = new TrustKeeper(client("test-credential"), store, "ignored:15012", Clock.systemUTC());
        keeper.pass();
        assertEquals("field manager 'kubectl-create'", server.lastReport().foreignOwner());
        assertEquals(theirs, store.secret("istio-system", "cacerts").orElseThrow());
    }

    @Test
    void noKeyMaterialInAnyLogLineOrReport() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            server.want(rootA, List.of(rootA), 0.8, true);
            keeper = new TrustKeeper(client("test-credential"), store, "ignored:15012", Clock.systemUTC());
            keeper.pass();
            server.want(rootB, List.of(rootA, rootB, rootB), 0.8, true);
            keeper.pass();
            server.refuseCsrsWith = 400;
            server.want(rootB, List.of(rootB), 0.00001, true);
            keeper.pass();

            List<String> keys = List.of(store.secret("istio-system", "cacerts").orElseThrow().data().get("ca-key.pem"),
                    store.secret("istio-system", TrustKeeper.PREVIOUS_CA).orElseThrow().data().get("ca-key.pem"));
            List<String> lines = log.lines(l -> true).stream().map(LogCapture.Line::toString).toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains("wrote a new intermediate")), "the capture sees the agent: "
                    + lines);
            String reports = AgentJson.MAPPER.writeValueAsString(server.reports);
            for (String key : keys) {
                String body = key.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                for (String piece : List.of(body, body.substring(0, 40), body.substring(body.length() - 40))) {
                    assertFalse(lines.stream().anyMatch(l -> l.contains(piece)), "key material in the log");
                    assertFalse(reports.contains(piece), "key material in a report");
                }
            }
            assertFalse(lines.stream().anyMatch(l -> l.contains("PRIVATE KEY")));
            assertFalse(reports.contains("PRIVATE KEY"));
        }
    }

    @Test
    void theInMemoryIstiodReloadsOnlyChangedBytesAndNothingWhilePaused() throws Exception {
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper = new TrustKeeper(client("test-credential"), store, "ignored:15012", Clock.systemUTC());
        keeper.pass();
        assertEquals(1, store.istiod().reloads());
        keeper.pass();
        assertEquals(1, store.istiod().reloads(), "the same bytes: no reload");

        store.istiod().pause();
        server.want(rootA, List.of(rootA, rootB), 0.8, false);
        keeper.pass();
        keeper.pass();
        assertEquals(1, store.istiod().reloads());
        assertEquals(Map.of(Fingerprints.sha256(Pem.encode(rootA.certificate())), 2), server.lastReport().configMapRoots());

        store.istiod().resume();
        assertEquals(2, store.istiod().reloads());
        keeper.pass();
        assertEquals(Map.of(Fingerprints.sha256(server.desired().rootCertPem()), 2), server.lastReport().configMapRoots());
        assertEquals(server.lastReport().cacertsIntermediateSha256(), server.lastReport().istiodIntermediateSha256());
    }

    @Test
    void whatCannotBeReadIsReportedAlongsideWhatCan() throws Exception {
        InMemoryClusterStore forbidden = new InMemoryClusterStore(store.istio()) {
            @Override
            public Map<String, Map<String, String>> configMaps(String name) {
                throw new IllegalStateException("configmaps is forbidden: User \"system:serviceaccount:meshfleet-system:"
                        + "meshfleet-agent\" cannot list resource \"configmaps\" at the cluster scope");
            }
        };
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper = new TrustKeeper(client("test-credential"), forbidden, "ignored:15012", Clock.systemUTC());
        keeper.pass();
        TrustReport report = server.lastReport();
        assertTrue(report.error().startsWith("cannot read the istio-ca-root-cert ConfigMaps: configmaps is forbidden"),
                report.error());
        assertEquals(Fingerprints.of(rootA.certificate()), report.cacertsIssuerSha256(), "the rest is still reported");
        assertEquals(report.cacertsIntermediateSha256(), report.istiodIntermediateSha256());
        assertEquals(Map.of(), report.configMapRoots());
    }
}
