package dev.meshfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.protocol.TrustReport;
import dev.meshfleet.support.Await;
import dev.meshfleet.trust.core.KeyAlgorithm;
import dev.meshfleet.trust.core.RootCa;
import dev.meshfleet.trust.core.RootCas;
import dev.meshfleet.trust.core.TestPki;
import dev.meshfleet.trust.core.TrustDomain;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * The agent's trust keeper against a simulated cluster (mock API server with server-side apply) running a simulated
 * istiod, and the three trust endpoints signing with the server's real CsrSigner: first issue, renewal, bundle
 * rewrite, foreign owners, and the evidence a rotation advances on. Chains are checked with the real openssl.
 */
class TrustKeeperTest {
    static final RootCas ROOTS = new RootCas(TestPki.RANDOM);

    SimulatedCluster cluster;
    SimulatedIstiod istiod;
    FakeTrustServer server;
    KubernetesClusterStore store;
    TrustKeeper keeper;
    RootCa rootA;
    RootCa rootB;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new SimulatedCluster();
        istiod = new SimulatedIstiod(cluster.client, "payments", "checkout");
        server = new FakeTrustServer();
        store = new KubernetesClusterStore(cluster.client);
        keeper = new TrustKeeper(new AgentClient(HttpClient.newHttpClient(), server.url(), "test-credential"), store,
                istiod.address(), Clock.systemUTC());
        rootA = ROOTS.generate(FakeTrustServer.DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, Instant.now());
        rootB = ROOTS.generate(FakeTrustServer.DOMAIN, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, Instant.now());
    }

    @AfterEach
    void tearDown() {
        keeper.stop();
        istiod.close();
        server.close();
        cluster.close();
    }

    Map<String, String> cacerts() {
        return store.secret(TrustKeeper.NAMESPACE, TrustKeeper.CACERTS).orElseThrow().data();
    }

    X509Certificate caCert() {
        return Pem.certificates("ca-cert", cacerts().get(TrustKeeper.CA_CERT)).get(0);
    }

    /**
     * openssl's verdict on a workload leaf signed, as istiod would, with what cacerts holds: {@code -CAfile root-cert.pem
     * -untrusted cert-chain.pem}.
     */
    static TestPki.Verdict opensslVerifiesALeafOf(Map<String, String> cacerts, String trustDomain, String... flags) {
        AgentPki.CaFiles ca = AgentPki.CaFiles.of(cacerts);
        X509Certificate leaf = TestPki.leaf(ca.certificate(), ca.key(), new TrustDomain(trustDomain), Instant.now());
        return TestPki.opensslVerify(cacerts.get(TrustKeeper.ROOT_CERT), cacerts.get(TrustKeeper.CERT_CHAIN), leaf, flags);
    }

    void awaitIstiodLoaded(String rootCertPem) {
        Await.until("istiod loaded the bundle", Duration.ofSeconds(10),
                () -> istiod.loadedRootCertPem().filter(rootCertPem::equals).isPresent());
    }

    @Test
    void firstIssueWritesACacertsThatOpensslVerifies() throws Exception {
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper.pass();

        Secret secret = cluster.client.secrets().inNamespace("istio-system").withName("cacerts").get();
        assertEquals("Opaque", secret.getType());
        assertEquals("meshfleet", secret.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertTrue(secret.getMetadata().getManagedFields().stream().allMatch(f -> f.getManager().equals("meshfleet")));
        Map<String, String> files = cacerts();
        assertEquals(List.of("ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem"),
                files.keySet().stream().sorted().toList());
        assertEquals(server.desired().rootCertPem(), files.get("root-cert.pem"), "root-cert.pem byte for byte");
        assertTrue(files.get("ca-key.pem").startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
        assertEquals(1, server.csrs.size());
        assertTrue(dev.meshfleet.common.crypto.KeyChecks.matches(caCert(), Pem.privateKey("k", files.get("ca-key.pem"))));
        // the key was made in the cluster: the CSR carries only its public half
        assertFalse(server.csrs.get(0).contains("PRIVATE KEY"));

        TestPki.Verdict verdict = opensslVerifiesALeafOf(files, FakeTrustServer.DOMAIN.name(), "-x509_strict");
        assertTrue(verdict.ok(), verdict.output());

        TrustReport report = server.lastReport();
        assertEquals(Fingerprints.sha256(files.get("root-cert.pem")), report.cacertsRootSha256());
        assertEquals(Fingerprints.of(caCert()), report.cacertsIntermediateSha256());
        assertEquals(Fingerprints.of(rootA.certificate()), report.cacertsIssuerSha256());
        assertNull(report.foreignOwner());
        assertNull(report.leafChecks(), "no probes unless asked");
    }

    @Test
    void keepsTheIntermediateThenRenewsItAtRenewAt() throws Exception {
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper.pass();
        String first = cacerts().get("ca-cert.pem");
        keeper.pass();
        assertEquals(first, cacerts().get("ca-cert.pem"), "well within its lifetime: kept");
        assertEquals(1, server.csrs.size());

        // the intermediate is backdated 5 minutes of its 30 days: past a renewAt of 0.0001 (~4 minutes) already
        server.want(rootA, List.of(rootA), 0.0001, false);
        keeper.pass();
        assertEquals(2, server.csrs.size());
        assertNotEquals(first, cacerts().get("ca-cert.pem"));
        Map<String, String> previous = store.secret("istio-system", TrustKeeper.PREVIOUS_CA).orElseThrow().data();
        assertEquals(first, previous.get("ca-cert.pem"), "the replaced intermediate is kept for leaf probes");
        assertEquals(Fingerprints.of(rootA.certificate()), server.lastReport().cacertsIssuerSha256());
    }

    @Test
    void aBundleChangeRewritesOnlyRootCert() throws Exception {
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper.pass();
        Map<String, String> before = cacerts();

        server.want(rootA, List.of(rootA, rootB), 0.8, false);
        keeper.pass();
        Map<String, String> after = cacerts();
        assertEquals(server.desired().rootCertPem(), after.get("root-cert.pem"));
        for (String unchanged : List.of("ca-cert.pem", "ca-key.pem", "cert-chain.pem")) {
            assertEquals(before.get(unchanged), after.get(unchanged), unchanged);
        }
        assertEquals(1, server.csrs.size());
        TestPki.Verdict verdict = opensslVerifiesALeafOf(after, FakeTrustServer.DOMAIN.name());
        assertTrue(verdict.ok(), verdict.output());
    }

    @Test
    void aCacertsOfCertManagerIsReportedAndLeftAlone() throws Exception {
        cluster.client.secrets().inNamespace("istio-system").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("cacerts").withNamespace("istio-system").endMetadata()
                .withType("kubernetes.io/tls").withStringData(Map.of("tls.crt", "x", "tls.key", "y")).build()).create();
        String version = cluster.client.secrets().inNamespace("istio-system").withName("cacerts").get().getMetadata()
                .getResourceVersion();
        server.want(rootA, List.of(rootA), 0.8, true);
        keeper.pass();

        assertEquals("cert-manager (kubernetes.io/tls)", server.lastReport().foreignOwner());
        assertNull(server.lastReport().leafChecks(), "no leaf is signed with someone else's key");
        assertEquals(version, cluster.client.secrets().inNamespace("istio-system").withName("cacerts").get()
                .getMetadata().getResourceVersion(), "untouched");
        assertEquals(0, server.csrs.size());
    }

    @Test
    void aCacertsOfAnotherFieldManagerIsReportedAndLeftAlone() throws Exception {
        // labelled as Meshfleet's, but helm owns its data
        cluster.client.secrets().inNamespace("istio-system").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("cacerts").withNamespace("istio-system")
                .withLabels(Map.of("app.kubernetes.io/managed-by", "meshfleet")).endMetadata().withType("Opaque")
                .withData(Map.of("ca-cert.pem", java.util.Base64.getEncoder().encodeToString("helm's".getBytes())))
                .build()).fieldManager("helm").serverSideApply();
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper.pass();

        assertEquals("field manager 'helm'", server.lastReport().foreignOwner());
        assertEquals("helm's", cacerts().get("ca-cert.pem"));
        assertEquals(0, server.csrs.size());
    }

    @Test
    void evidenceMatchesWhatIstiodLoadedAndAStuckIstiodShows() throws Exception {
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper.pass();
        awaitIstiodLoaded(server.desired().rootCertPem());
        keeper.pass();
        TrustReport report = server.lastReport();
        String bundleA = Fingerprints.sha256(server.desired().rootCertPem());
        assertEquals(Map.of(bundleA, 3), report.configMapRoots(), "istio-system, payments, checkout");
        assertEquals(istiod.servedIntermediateSha256().orElseThrow(), report.istiodIntermediateSha256());
        assertEquals(report.cacertsIntermediateSha256(), report.istiodIntermediateSha256());
        assertNull(report.error());
        int reloads = istiod.reloads();

        istiod.pause();
        server.want(rootA, List.of(rootA, rootB), 0.8, false);
        keeper.pass();
        keeper.pass();
        report = server.lastReport();
        assertEquals(Fingerprints.sha256(server.desired().rootCertPem()), report.cacertsRootSha256());
        assertEquals(Map.of(bundleA, 3), report.configMapRoots(), "a stuck istiod still publishes the old bundle");

        istiod.resume();
        awaitIstiodLoaded(server.desired().rootCertPem());
        keeper.pass();
        assertEquals(Map.of(Fingerprints.sha256(server.desired().rootCertPem()), 3), server.lastReport().configMapRoots());
        assertEquals(reloads + 1, istiod.reloads());
    }

    @Test
    void leafProbesVerifyBothIntermediatesDuringTheOverlapAndOnlyTheNewOnceTheOldRootIsDropped() throws Exception {
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper.pass();
        server.want(rootA, List.of(rootA, rootB), 0.8, false);
        keeper.pass();
        String underA = Fingerprints.of(caCert());

        // phase 2: intermediates under B, with a byte-different bundle so that istiod reloads (A+B+B)
        server.want(rootB, List.of(rootA, rootB, rootB), 0.8, true);
        keeper.pass();
        awaitIstiodLoaded(server.desired().rootCertPem());
        keeper.pass();
        String underB = Fingerprints.of(caCert());
        List<TrustReport.LeafCheck> checks = server.lastReport().leafChecks();
        assertEquals(2, checks.size(), checks.toString());
        assertEquals(underB, checks.get(0).intermediateSha256());
        assertEquals(Fingerprints.of(rootB.certificate()), checks.get(0).issuerSha256());
        assertTrue(checks.get(0).verified(), checks.toString());
        assertEquals(underA, checks.get(1).intermediateSha256());
        assertEquals(Fingerprints.of(rootA.certificate()), checks.get(1).issuerSha256());
        assertTrue(checks.get(1).verified(), checks.toString());
        assertEquals(underB, server.lastReport().istiodIntermediateSha256());

        // phase 4: drop A
        server.want(rootB, List.of(rootB), 0.8, true);
        keeper.pass();
        awaitIstiodLoaded(server.desired().rootCertPem());
        keeper.pass();
        checks = server.lastReport().leafChecks();
        assertTrue(checks.get(0).verified(), checks.toString());
        assertFalse(checks.get(1).verified(), "a leaf of the old intermediate no longer verifies: " + checks);
        assertTrue(checks.get(1).error() != null && !checks.get(1).error().isBlank());
        assertEquals(underB, Fingerprints.of(caCert()), "dropping a root needs no new intermediate");
    }

    @Test
    void factsOfTheClusterAreReported() throws Exception {
        server.want(rootA, List.of(rootA), 0.8, false);
        keeper.pass();
        TrustReport bare = server.lastReport();
        assertFalse(bare.ambient());
        assertNull(bare.multiRootMesh(), "no istiod Deployment: unknown");
        assertFalse(bare.xdsAgent());

        var apps = cluster.client.apps();
        apps.daemonSets().inNamespace("istio-system").resource(new io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder()
                .withNewMetadata().withName("ztunnel").withNamespace("istio-system").endMetadata().withNewSpec()
                .withNewTemplate().withNewSpec().addNewContainer().withName("istio-proxy").withImage("istio/ztunnel:1.24.1")
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        apps.deployments().inNamespace("istio-system").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("istiod").withNamespace("istio-system").endMetadata().withNewSpec()
                .withNewTemplate().withNewSpec().addNewContainer().withName("discovery").withImage("istio/pilot:1.24.4")
                .addNewEnv().withName("ISTIO_MULTIROOT_MESH").withValue("true").endEnv().endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        cluster.client.configMaps().inNamespace("istio-system").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("istio").withNamespace("istio-system").endMetadata()
                .withData(Map.of("mesh", "defaultConfig:\n  proxyMetadata:\n    PROXY_CONFIG_XDS_AGENT: \"true\"\n"))
                .build()).create();
        keeper.pass();
        TrustReport set = server.lastReport();
        assertTrue(set.ambient());
        assertTrue(set.multiRootMesh());
        assertTrue(set.xdsAgent());
        assertEquals("1.24.4", set.istioVersion());
    }

    @Test
    void nothingHappensWhenMeshfleetDoesNotManageTheClustersTrust() throws Exception {
        keeper.pass();
        assertTrue(store.secret("istio-system", "cacerts").isEmpty());
        assertTrue(server.reports.isEmpty());
    }
}
