package dev.meshfleet.agent;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.protocol.MeshfleetLabels;
import dev.meshfleet.protocol.StreamEvents;
import dev.meshfleet.protocol.TrustCsr;
import dev.meshfleet.protocol.TrustDesired;
import dev.meshfleet.protocol.TrustIssued;
import dev.meshfleet.protocol.TrustReport;

/**
 * Keeps {@code istio-system/cacerts} as Meshfleet wants it ({@code GET /agent/v1/trust}), on a period and whenever the
 * desired set changes: an intermediate issued by the desired root, its key made here (it never leaves the cluster),
 * renewed after {@code renewAt} of its lifetime, and {@code root-cert.pem} exactly the desired bundle. A {@code cacerts}
 * someone else owns is reported, never touched. Each pass ends with a {@link TrustReport} of what the cluster shows
 * ({@link TrustEvidence}); rotations advance on those.
 */
public final class TrustKeeper {
    public static final String NAMESPACE = "istio-system";
    public static final String CACERTS = "cacerts";
    /** The intermediate replaced last, kept in the cluster so that leaves under it can still be probed. */
    public static final String PREVIOUS_CA = "meshfleet-previous-ca";
    public static final String CA_CERT = "ca-cert.pem";
    public static final String CA_KEY = "ca-key.pem";
    public static final String ROOT_CERT = "root-cert.pem";
    public static final String CERT_CHAIN = "cert-chain.pem";
    public static final String DEFAULT_ISTIOD_ADDRESS = "istiod.istio-system.svc:15012";
    /** An agent's keeper until trust is enabled: does nothing. */
    public static final TrustKeeper OFF = new TrustKeeper(null, null, null, Clock.systemUTC());
    static final Map<String, String> LABELS = Map.of(MeshfleetLabels.MANAGED_BY_LABEL, MeshfleetLabels.MANAGED_BY);

    private final AgentClient client;
    private final ClusterStore store;
    private final TrustEvidence evidence;
    private final Clock clock;
    private final TrustLog log = new TrustLog();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private volatile ScheduledExecutorService worker;
    private volatile boolean running;
    private volatile String cluster = "meshfleet";
    private volatile TrustReport lastReport;

    public TrustKeeper(AgentClient client, ClusterStore store, String istiodAddress, Clock clock) {
        this.client = client;
        this.store = store;
        this.clock = clock;
        this.evidence = new TrustEvidence(store, istiodAddress, clock);
    }

    /** Runs a pass now and then every {@code interval} (and on {@link #nudge()}), on a thread of its own. */
    public TrustKeeper start(Duration interval) {
        running = true;
        worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("meshfleet-agent-trust"));
        worker.scheduleWithFixedDelay(this::passQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The stream's events: {@code hello} names the cluster (for the CSR's subject); a desired set may mean new trust. */
    public void streamEvent(Object event) {
        if (client == null) {
            return; // OFF
        }
        if (event instanceof StreamEvents.Hello hello && hello.cluster() != null) {
            cluster = hello.cluster();
        } else if (event instanceof StreamEvents.DesiredSet) {
            nudge();
        }
    }

    /** Runs a pass soon; nudges while one is queued coalesce. Nothing before {@link #start(Duration)}. */
    public void nudge() {
        ScheduledExecutorService w = worker;
        if (running && w != null && queued.compareAndSet(false, true)) {
            try {
                w.execute(this::passQuietly);
            } catch (RejectedExecutionException e) {
                queued.set(false); // stopping
            }
        }
    }

    public void stop() {
        running = false;
        ScheduledExecutorService w = worker;
        if (w != null) {
            w.shutdownNow();
        }
    }

    /** Passes completed (with or without a report), and the last report sent: for health and tests. */
    public long passes() {
        return passes.get();
    }

    public Optional<TrustReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    private void passQuietly() {
        queued.set(false);
        if (!running || client.credential() == null) {
            return;
        }
        try {
            pass();
        } catch (AgentClient.Unauthorized e) {
            stop(); // the stream loop sees the same 401 and stops the agent
        } catch (IOException | RuntimeException e) {
            log.passFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            passes.incrementAndGet();
        }
    }

    /** One pass: fetch what is wanted, converge {@code cacerts} unless someone else owns it, report the evidence. */
    public void pass() throws IOException, InterruptedException {
        Optional<TrustDesired> wanted = client.trust();
        if (wanted.isEmpty()) {
            return; // Meshfleet does not manage this cluster's trust
        }
        TrustDesired desired = wanted.get();
        Optional<ClusterStore.StoredSecret> cacerts = store.secret(NAMESPACE, CACERTS);
        Optional<String> foreign = cacerts.flatMap(TrustKeeper::foreignOwner);
        log.foreignOwner(foreign.orElse(null));
        String problem = null;
        if (foreign.isEmpty()) {
            try {
                converge(desired, cacerts.map(ClusterStore.StoredSecret::data).orElse(Map.of()));
            } catch (AgentClient.Unauthorized e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                problem = "cannot keep " + NAMESPACE + "/" + CACERTS + ": " + AgentLog.describe(e);
                log.convergeFailed(problem);
            }
        }
        TrustReport report = evidence.collect(desired, foreign.orElse(null), problem);
        client.trustReport(report);
        lastReport = report;
        if (problem == null) {
            log.passOk();
        }
    }

    /**
     * Who else owns {@code cacerts}, if anyone: cert-manager (a {@code kubernetes.io/tls} Secret), another field manager
     * of its data, or no Meshfleet label (made by hand or by a tool that does not record fields).
     */
    static Optional<String> foreignOwner(ClusterStore.StoredSecret secret) {
        if ("kubernetes.io/tls".equals(secret.type())) {
            return Optional.of("cert-manager (kubernetes.io/tls)");
        }
        TreeSet<String> others = new TreeSet<>(secret.dataManagers());
        others.remove(ClusterStore.FIELD_MANAGER);
        if (!others.isEmpty()) {
            return Optional.of((others.size() == 1 ? "field manager '" : "field managers '") + String.join("', '", others)
                    + "'");
        }
        if (!MeshfleetLabels.MANAGED_BY.equals(secret.labels().get(MeshfleetLabels.MANAGED_BY_LABEL))) {
            return Optional.of("not labelled " + MeshfleetLabels.MANAGED_BY_LABEL + "=" + MeshfleetLabels.MANAGED_BY
                    + " (made by hand or by another tool)");
        }
        return Optional.empty();
    }

    private void converge(TrustDesired desired, Map<String, String> data) throws IOException, InterruptedException {
        List<X509Certificate> bundle = Pem.certificates("rootCertPem", desired.rootCertPem());
        X509Certificate issuer = bundle.stream().filter(root -> Fingerprints.of(root).equals(desired.issuerSha256()))
                .findFirst().orElseThrow(() -> new IllegalStateException("the desired bundle does not hold the issuing root "
                        + desired.issuerSha256()));
        String renewal = renewal(data, issuer, desired.renewAt());
        Map<String, String> next = new HashMap<>(data);
        if (renewal != null) {
            if (data.containsKey(CA_CERT) && data.containsKey(CA_KEY)) {
                store.applySecret(NAMESPACE, PREVIOUS_CA, LABELS, Map.of(CA_CERT, data.get(CA_CERT), CA_KEY, data.get(CA_KEY)));
            }
            KeyPair keys = AgentPki.newKey();
            TrustIssued issued = client.trustCsr(new TrustCsr(AgentPki.csr(keys, cluster, desired.trustDomain())));
            X509Certificate intermediate = checkIssued(issued, keys, bundle);
            next.put(CA_CERT, issued.caCertPem());
            next.put(CA_KEY, Pem.encode(keys.getPrivate()));
            next.put(CERT_CHAIN, issued.certChainPem());
            log.issued(renewal, Fingerprints.of(intermediate), issued.issuerSha256(), intermediate.getNotAfter().toInstant());
        }
        if (!desired.rootCertPem().equals(next.get(ROOT_CERT))) {
            next.put(ROOT_CERT, desired.rootCertPem());
            if (renewal == null) {
                log.bundleRewritten(desired.rootCertSha256());
            }
        }
        if (!next.equals(data)) { // labels need no check: without Meshfleet's, cacerts is someone else's and not here
            store.applySecret(NAMESPACE, CACERTS, LABELS, next);
        }
    }

    /** Why the intermediate in cacerts must be replaced, or null to keep it. */
    private String renewal(Map<String, String> data, X509Certificate issuer, double renewAt) {
        if (!data.containsKey(CA_CERT) || !data.containsKey(CA_KEY) || !data.containsKey(CERT_CHAIN)) {
            return "cacerts holds no intermediate yet";
        }
        AgentPki.CaFiles files;
        try {
            files = AgentPki.CaFiles.of(data);
        } catch (RuntimeException e) {
            return "the intermediate in cacerts cannot be read (" + AgentLog.describe(e) + ")";
        }
        X509Certificate certificate = files.certificate();
        if (AgentPki.issuer(certificate, List.of(issuer)).isEmpty()) {
            return "the intermediate was not issued by the desired root " + Fingerprints.of(issuer);
        }
        if (!dev.meshfleet.common.crypto.KeyChecks.matches(certificate, files.key())) {
            return CA_KEY + " does not match " + CA_CERT;
        }
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        long lifetime = Duration.between(notBefore, notAfter).toMillis();
        Instant renewFrom = notBefore.plusMillis((long) (lifetime * renewAt));
        if (!clock.instant().isBefore(renewFrom)) {
            return String.format(java.util.Locale.ROOT, "%.0f%% of the intermediate's lifetime passed (it expires %s)",
                    renewAt * 100, notAfter);
        }
        return null;
    }

    /** Refuses an answer that would break the cluster: not for the key made here, or from a root outside the bundle. */
    private static X509Certificate checkIssued(TrustIssued issued, KeyPair keys, List<X509Certificate> bundle) {
        X509Certificate intermediate = Pem.certificates("caCertPem", issued.caCertPem()).get(0);
        if (!Arrays.equals(intermediate.getPublicKey().getEncoded(), keys.getPublic().getEncoded())) {
            throw new IllegalStateException("the server issued an intermediate for another key than the CSR's");
        }
        if (AgentPki.issuer(intermediate, bundle).isEmpty()) {
            throw new IllegalStateException("the issued intermediate's root is not in the desired bundle (the desired "
                    + "trust changed meanwhile); asking again");
        }
        Pem.certificates("certChainPem", issued.certChainPem());
        return intermediate;
    }
}
