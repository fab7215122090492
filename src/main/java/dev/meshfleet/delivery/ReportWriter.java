package dev.meshfleet.delivery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.error.ProblemException;
import dev.meshfleet.common.error.ServiceUnavailableException;
import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.common.outbox.Outbox;
import dev.meshfleet.protocol.AppliedWeight;
import dev.meshfleet.protocol.Report;
import dev.meshfleet.protocol.ResourceResult;

/**
 * Writes agent reports, many per transaction: when a change reaches a fleet, every agent reports within moments of
 * the others, and one commit per report is what limited the server. Each report is still answered only after the
 * transaction holding it committed (202 means stored); if a batch fails, its reports are written one by one so that one
 * bad report fails only itself.
 */
@ApplicationScoped
public class ReportWriter {
    private static final Logger LOG = Logger.getLogger(ReportWriter.class);
    private static final int MAX_BATCH = 500;
    /** Reports waiting for the writer, per replica: 3,333 when 10,000 agents report at once to three replicas. */
    static final int MAX_PENDING = 20_000;

    private record Pending(String credentialHash, Report report, CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_PENDING);
    private final DeliveryStatusStore status;
    private final Outbox outbox;
    private final Event<AgentReported> reported;
    private volatile Thread writer;

    public ReportWriter(DeliveryStatusStore status, Outbox outbox, Event<AgentReported> reported) {
        this.status = status;
        this.outbox = outbox;
        this.reported = reported;
    }

    void start(@Observes StartupEvent event) {
        writer = new Thread(this::run, "agent-report-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (writer != null) {
            writer.interrupt();
        }
    }

    /**
     * Stores the report (in a batch with others arriving meanwhile); completes when committed. No thread waits for that:
     * when a change reaches a fleet, thousands of agents report at once, and a request thread held per report until its
     * batch commits capped a batch at the size of the worker pool (200) and left the other reports waiting for a thread.
     * 503 once {@link #MAX_PENDING} reports are waiting: the queue must not grow without bound while the database lags.
     */
    public CompletableFuture<Void> submit(String credentialHash, Report report) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!queue.offer(new Pending(credentialHash, report, done))) {
            throw new ServiceUnavailableException(MAX_PENDING + " reports are waiting to be stored; send it again later");
        }
        return done;
    }

    /** Reports submitted and not yet taken into a batch. */
    int waiting() {
        return queue.size();
    }

    /**
     * What the agent is answered for a submitted report: done once committed; not stored in time (the database is slow
     * or overloaded) a 503 the agent retries, not a 500. Storing is idempotent, so a report that commits after all does
     * no harm when resent. A failure that is a problem (unknown credential 401, unknown mesh 404) keeps its answer;
     * anything else (the writer stopping, a database error) is a 503 too.
     */
    public static CompletableFuture<Void> answerWhenStored(CompletableFuture<Void> stored, java.time.Duration timeout) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        // the writer completes each report itself (no dependent stage), so a failure arrives unwrapped
        stored.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((committed, cause) -> {
            if (cause == null) {
                answer.complete(null);
            } else if (cause instanceof ProblemException problem) {
                answer.completeExceptionally(problem);
            } else if (cause instanceof java.util.concurrent.TimeoutException) {
                answer.completeExceptionally(new ServiceUnavailableException("the report was not stored within "
                        + timeout.toSeconds() + " s; send it again later"));
            } else {
                LOG.warnf("a report was not stored (answered 503): %s", cause.toString());
                answer.completeExceptionally(new ServiceUnavailableException("the report was not stored; send it again later"));
            }
        });
        return answer;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warnf("report writer: %s", e.toString());
            } finally {
                batch.forEach(p -> p.done().completeExceptionally(new IllegalStateException("report not written")));
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            Split split = QuarkusTransaction.requiringNew().call(() -> storeAll(batch));
            split.stored().forEach(p -> p.done().complete(null)); // committed: now 202 means stored
            // what the batch statement did not match (unknown credential or mesh) or that names no mesh
            storeEach(split.rest());
        } catch (RuntimeException batchFailed) {
            // one of them broke the batch (a constraint): find it by writing each on its own
            storeEach(batch);
        }
    }

    private void storeEach(List<Pending> reports) {
        for (Pending p : reports) {
            try {
                QuarkusTransaction.requiringNew().run(() -> store(p));
                p.done().complete(null);
            } catch (RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    private record Split(List<Pending> stored, List<Pending> rest) {
    }

    /** Stores the batch's mesh reports in one statement; the rest are to be handled one by one. */
    private Split storeAll(List<Pending> batch) {
        List<Pending> withMesh = batch.stream().filter(p -> p.report().mesh() != null).toList();
        boolean[] stored = new boolean[withMesh.size()];
        for (DeliveryStatusStore.Stored s : status.recordAll(withMesh.stream().map(ReportWriter::meshReport).toList())) {
            stored[s.index()] = true;
            afterStored(withMesh.get(s.index()).report(), s.reporter());
        }
        List<Pending> done = new ArrayList<>();
        List<Pending> rest = new ArrayList<>(batch.stream().filter(p -> p.report().mesh() == null).toList());
        for (int i = 0; i < withMesh.size(); i++) {
            (stored[i] ? done : rest).add(withMesh.get(i));
        }
        return new Split(done, rest);
    }

    private static DeliveryStatusStore.MeshReport meshReport(Pending p) {
        Report r = p.report();
        return new DeliveryStatusStore.MeshReport(p.credentialHash(), r.mesh(), r.revision(), state(r), results(r),
                r.drift() == null ? List.of() : r.drift());
    }

    private static List<ResourceResult> results(Report r) {
        return r.results() == null ? List.of() : r.results();
    }

    private static String state(Report r) {
        List<ResourceResult> results = results(r);
        long failed = results.stream().filter(x -> "FAILED".equals(x.outcome()) || "CONFLICT".equals(x.outcome())).count();
        return failed == 0 ? "APPLIED" : failed == results.size() ? "FAILED" : "PARTIAL";
    }

    /** What a stored report also means: rollout confirmations, and what the agent said of its cluster's Istio. */
    private void afterStored(Report body, DeliveryStatusStore.Reporter reporter) {
        if (body.mesh() != null && state(body).equals("APPLIED") && body.rollouts() != null) {
            List<AgentReported.AppliedWeight> applied = new ArrayList<>();
            for (AppliedWeight w : body.rollouts()) {
                if (w != null && w.id() != null && w.generation() != null) {
                    applied.add(new AgentReported.AppliedWeight(w.id(), w.generation()));
                }
            }
            if (!applied.isEmpty()) {
                // in this transaction: the rollout engine's confirmations commit with the report, or neither does
                reported.fire(new AgentReported.WeightsApplied(reporter.tenantId(), reporter.clusterId(), body.mesh(),
                        body.revision(), List.copyOf(applied)));
            }
        }
        if (body.istioVersion() != null || body.istioApiVersions() != null || body.agentVersion() != null) {
            status.agentFacts(reporter.clusterId(), body.istioVersion(), body.istioApiVersions(), body.agentVersion());
        }
        if (body.istioApiVersions() != null
                && !new HashSet<>(body.istioApiVersions()).equals(new HashSet<>(reporter.istioApiVersions()))) {
            // the cluster's Istio API versions decide v1 or v1beta1 output: its agent needs new bundles
            outbox.add(Topics.DELIVERY_CHANGES, reporter.tenantId().toString(),
                    Map.of("tenantId", reporter.tenantId().toString(), "clusterId", reporter.clusterId().toString()));
        }
    }

    /** One report on its own: an unknown credential is a 401, an unknown mesh a 404. */
    private void store(Pending p) {
        Report body = p.report();
        DeliveryStatusStore.Reporter reporter = status.reporter(p.credentialHash()).orElseThrow(AgentCredentials::unknown);
        if (body.mesh() != null) {
            status.meshId(reporter.tenantId(), body.mesh()).orElseThrow(() -> NotFoundException.of("mesh", body.mesh()));
            status.recordAll(List.of(meshReport(p)));
        }
        afterStored(body, reporter);
    }
}
