package dev.meshfleet.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.meshfleet.protocol.AppliedWeight;
import dev.meshfleet.protocol.DesiredMesh;
import dev.meshfleet.protocol.Drift;
import dev.meshfleet.protocol.ResourceResult;
import dev.meshfleet.protocol.Report;
import dev.meshfleet.protocol.RolloutWeight;
import dev.meshfleet.protocol.StreamEvents;

/**
 * The agent's loop: keep a stream to the server open (reconnecting with jittered exponential backoff), and whenever the
 * desired set changes, converge the cluster to it: fetch each changed mesh's bundle, apply and prune it, report per
 * resource. A mesh missing from the set is pruned. A bundle that fails part-way is reported PARTIAL and retried. On 401
 * (credential revoked, cluster deleted) the agent stops applying for good.
 */
public class Agent implements Runnable {
    public enum State {
        STARTING, CONNECTED, DISCONNECTED, REVOKED, STOPPED
    }

    public static final String VERSION = "0.1.0";

    private final AgentClient client;
    private final ClusterStore store;
    private final Reconciler reconciler;
    private final Consumer<String> credentialSaver;
    private final String bootstrapToken;
    private final long maxBackoffMillis;
    private final Map<String, Integer> applied = new ConcurrentHashMap<>();
    /** What was applied per mesh: revision and Istio API version (either changing means apply again). */
    private final Map<String, String> appliedKey = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker;
    private final AtomicBoolean syncQueued = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile List<DesiredMesh> desired;
    private volatile State state = State.STARTING;
    private volatile boolean istioReported;
    private volatile long retryDelayMillis = 500;
    private final DriftWatch drift;
    private final Map<String, List<ResourceResult>> lastResults = new ConcurrentHashMap<>();
    /** Per mesh, the rollout weights (id, generation) the last applied bundle carried: reported back as confirmations. */
    private final Map<String, List<RolloutWeight>> appliedWeights = new ConcurrentHashMap<>();
    private final AnalysisProbe probe;
    private final AtomicBoolean watching = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();
    private volatile String lastError;
    private final AgentLog log = new AgentLog();
    private volatile TrustKeeper trust = TrustKeeper.OFF;

    public Agent(AgentClient client, ClusterStore store, String bootstrapToken, Consumer<String> credentialSaver,
            long maxBackoffMillis) {
        this(client, store, bootstrapToken, credentialSaver, maxBackoffMillis, DaemonThreads.named("meshfleet-agent-sync"));
    }

    /**
     * An agent whose sync worker runs on a thread from this factory: a simulator running thousands of agents in one JVM
     * passes a virtual-thread factory (with {@link #run} on a virtual thread too), where one platform thread per agent
     * and purpose would cost more than the agents' work.
     */
    public Agent(AgentClient client, ClusterStore store, String bootstrapToken, Consumer<String> credentialSaver,
            long maxBackoffMillis, java.util.concurrent.ThreadFactory syncThreads) {
        this.client = client;
        this.store = store;
        this.reconciler = new Reconciler(store);
        this.bootstrapToken = bootstrapToken;
        this.credentialSaver = credentialSaver;
        this.maxBackoffMillis = maxBackoffMillis;
        this.worker = Executors.newSingleThreadScheduledExecutor(syncThreads);
        this.probe = new AnalysisProbe(client);
        this.drift = new DriftWatch(store, (mesh, recent) -> {
            try {
                worker.execute(() -> reportDrift(mesh));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping
            }
        });
    }

    /** Drift found since start, per mesh (newest first). */
    public List<Drift> drift(String mesh) {
        return drift.recent(mesh);
    }

    private void reportDrift(String mesh) {
        Integer revision = applied.get(mesh);
        if (revision == null || !running.get()) {
            return;
        }
        try {
            report(mesh, revision, lastResults.getOrDefault(mesh, List.of()));
        } catch (IOException | RuntimeException e) {
            // the next sync or drift reports again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public State state() {
        return state;
    }

    /** Revisions applied without failure, per mesh. */
    public Map<String, Integer> applied() {
        return Map.copyOf(applied);
    }

    /** The revision of one mesh applied without failure, or null (cheap: for callers that ask often). */
    public Integer appliedRevision(String mesh) {
        return applied.get(mesh);
    }

    /**
     * Besides the stream's notices, fetch the desired set on this period: a safety net should a notice ever be lost.
     */
    public Agent resyncEvery(long millis) {
        worker.scheduleWithFixedDelay(() -> {
            if (!running.get() || client.credential() == null) {
                return;
            }
            try {
                desired = client.desired().stream().toList();
                probe.update(desired);
                queueSync(0);
            } catch (AgentClient.Unauthorized e) {
                halt(State.REVOKED);
            } catch (IOException | RuntimeException e) {
                // the stream loop handles reconnecting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Sync passes that had to be retried, and why the last one was. */
    public long retries() {
        return retries.get();
    }

    public String lastError() {
        return lastError;
    }

    /** Ready: connected to Meshfleet and able to reach the cluster's API server. The reason when not. */
    public record Readiness(boolean ready, String reason) {
    }

    public Readiness readiness() {
        if (state != State.CONNECTED) {
            return new Readiness(false, "not connected to Meshfleet (" + state + ")");
        }
        String apiProblem = store.unreachable().orElse(null);
        log.apiServer(apiProblem);
        return apiProblem == null ? new Readiness(true, "ok")
                : new Readiness(false, "cannot reach the Kubernetes API server: " + apiProblem);
    }

    public void stop() {
        halt(State.STOPPED);
        client.closeStream();
    }

    private void halt(State end) {
        state = end;
        running.set(false);
        worker.shutdownNow();
        probe.stop();
        trust.stop();
        store.stopWatching();
    }

    /** Also keeps istio-system/cacerts as Meshfleet wants it, every period and on each desired set ({@link TrustKeeper}). */
    public Agent keepTrust(long millis, String istiodAddress) {
        trust = new TrustKeeper(client, store, istiodAddress, java.time.Clock.systemUTC()).start(Duration.ofMillis(millis));
        return this;
    }

    /** The trust keeper: {@link TrustKeeper#OFF} unless {@link #keepTrust} started one. */
    public TrustKeeper trust() {
        return trust;
    }

    @Override
    public void run() {
        new StreamLoop(client, log, bootstrapToken, credentialSaver, maxBackoffMillis, running::get)
                .run(new StreamLoop.Listener() {
                    @Override
                    public void event(Object event) {
                        onStreamEvent(event);
                    }

                    @Override
                    public void disconnected() {
                        state = State.DISCONNECTED;
                    }

                    @Override
                    public void revoked() {
                        halt(State.REVOKED);
                    }
                });
        if (state != State.REVOKED) {
            state = State.STOPPED;
        }
    }

    private void onStreamEvent(Object event) {
        state = State.CONNECTED;
        log.connected();
        trust.streamEvent(event);
        if (event instanceof StreamEvents.DesiredSet set) {
            List<DesiredMesh> meshes = Objects.requireNonNullElse(set.meshes(), List.of());
            desired = meshes;
            probe.update(meshes);
            queueSync(0);
        } else if (event instanceof StreamEvents.Revoked) {
            // the server is about to close the stream; reconnecting will tell (401) whether it is final
            client.closeStream();
        }
    }

    private void queueSync(long delayMillis) {
        if (running.get() && syncQueued.compareAndSet(false, true)) {
            try {
                worker.schedule(this::sync, delayMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                syncQueued.set(false); // stopping
            }
        }
    }

    /** Converges to the latest desired set; later notices coalesce into one pass. */
    private void sync() {
        syncQueued.set(false);
        List<DesiredMesh> target = desired;
        if (target == null || !running.get()) {
            return;
        }
        String apiProblem = store.unreachable().orElse(null);
        log.apiServer(apiProblem);
        if (apiProblem != null) {
            lastError = apiProblem;
            reportUnreachable(target, apiProblem);
            retryLater();
            return;
        }
        boolean retry = false;
        Map<String, Integer> wanted = new LinkedHashMap<>();
        target.forEach(d -> wanted.put(d.mesh(), d.revision()));
        for (DesiredMesh d : target) {
            String mesh = d.mesh();
            int revision = d.revision();
            String key = ApplicableBundle.appliedKey(d); // a new rollout generation means apply (and confirm) again
            if (key.equals(appliedKey.get(mesh))) {
                continue;
            }
            try {
                // small bundles come inline in the desired set; larger ones are fetched
                ApplicableBundle bundle = d.content() != null && !d.content().isNull() ? ApplicableBundle.inline(d.content())
                        : ApplicableBundle.of(client.bundle(d.bundle()));
                drift.remember(mesh, bundle.resources(), bundle.correctDrift());
                List<ResourceResult> results = reconciler.sync(mesh, bundle.resources(), bundle.pruneLabels(),
                        bundle.forceConflicts());
                log.results(mesh, revision, results);
                lastResults.put(mesh, results);
                appliedWeights.put(mesh, bundle.rollouts());
                boolean failed = results.stream().anyMatch(r -> r.outcome().equals("FAILED") || r.outcome().equals("CONFLICT"));
                report(mesh, revision, results);
                if (failed) {
                    retry = true;
                } else {
                    applied.put(mesh, revision);
                    appliedKey.put(mesh, key);
                }
            } catch (AgentClient.Unauthorized e) {
                log.revoked();
                halt(State.REVOKED);
                return;
            } catch (IOException | RuntimeException e) {
                retry = true;
                lastError = e.toString();
                log.syncFailed(mesh, revision, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            for (String mesh : Set.copyOf(reconciler.managedMeshes())) {
                if (!wanted.containsKey(mesh)) {
                    log.results(mesh, 0, reconciler.pruneMesh(mesh));
                    applied.remove(mesh);
                    appliedKey.remove(mesh);
                    appliedWeights.remove(mesh);
                    drift.forget(mesh);
                    lastResults.remove(mesh);
                }
            }
        } catch (RuntimeException e) {
            retry = true;
            log.pruneFailed(e);
        }
        if (!applied.isEmpty() && watching.compareAndSet(false, true)) {
            try {
                store.watchManaged(drift);
            } catch (RuntimeException e) {
                store.stopWatching(); // the kinds already watched too: the next try starts them again, once each
                watching.set(false); // try again after the next sync
            }
        }
        if (retry) {
            retryLater();
        } else {
            retryDelayMillis = 500;
        }
    }

    private void retryLater() {
        retries.incrementAndGet();
        retryDelayMillis = Math.min(retryDelayMillis * 2, maxBackoffMillis);
        queueSync(retryDelayMillis);
    }

    /** Tells Meshfleet why the meshes still to apply are not: the cluster's status then shows the error. */
    private void reportUnreachable(List<DesiredMesh> target, String apiProblem) {
        List<ResourceResult> results = List.of(Reconciler.clusterWide("FAILED",
                "cannot reach the Kubernetes API server: " + apiProblem));
        for (DesiredMesh d : target) {
            String mesh = d.mesh();
            int revision = d.revision();
            if (!Integer.valueOf(revision).equals(applied.get(mesh))) {
                try {
                    report(mesh, revision, results);
                } catch (AgentClient.Unauthorized e) {
                    log.revoked();
                    halt(State.REVOKED);
                    return;
                } catch (IOException e) {
                    // logged by report(); the retry reports again
                } catch (RuntimeException e) {
                    log.reportFailed(mesh, revision, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void report(String mesh, int revision, List<ResourceResult> results) throws IOException, InterruptedException {
        String agentVersion = null;
        String istioVersion = null;
        List<String> istioApiVersions = null;
        if (!istioReported) {
            agentVersion = VERSION;
            ClusterStore.IstioInfo istio = store.unreachable().isPresent() ? new ClusterStore.IstioInfo(null, Set.of())
                    : store.istio();
            // nothing read (API server away): say nothing rather than "no Istio", and ask again next time
            if (istio.version() != null || !istio.apiVersions().isEmpty()) {
                istioVersion = istio.version();
                istioApiVersions = istio.apiVersions().stream().sorted().toList();
                istioReported = true;
            }
        }
        List<RolloutWeight> weights = appliedWeights.getOrDefault(mesh, List.of());
        List<AppliedWeight> confirmed = weights.isEmpty() ? null
                : weights.stream().map(w -> new AppliedWeight(w.id(), w.generation())).toList();
        try {
            client.report(new Report(mesh, revision, istioVersion, istioApiVersions, agentVersion, results,
                    drift.recent(mesh), confirmed));
        } catch (IOException e) {
            log.reportFailed(mesh, revision, e);
            throw e;
        }
        log.reported(mesh, revision, results);
    }
}
