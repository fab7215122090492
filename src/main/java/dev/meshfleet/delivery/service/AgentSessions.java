package dev.meshfleet.delivery.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.delivery.AgentCredentials;
import dev.meshfleet.delivery.AgentReported;
import dev.meshfleet.delivery.AgentStreams;
import dev.meshfleet.delivery.DeliveryStatusStore;
import dev.meshfleet.delivery.DesiredState;
import dev.meshfleet.delivery.ReportChecks;
import dev.meshfleet.delivery.ReportWriter;
import dev.meshfleet.delivery.SseFrames;
import dev.meshfleet.protocol.DesiredMesh;
import dev.meshfleet.protocol.Measured;
import dev.meshfleet.protocol.Measurements;
import dev.meshfleet.protocol.Register;
import dev.meshfleet.protocol.Registered;
import dev.meshfleet.protocol.Report;
import dev.meshfleet.protocol.Rotated;
import dev.meshfleet.tenancy.Tenant;

/**
 * What the agent protocol's endpoints do, each call authenticated by the agent's cluster credential (or, to register,
 * its bootstrap token): the transactions, the checks of what agents send, and every contact keeping the cluster's last
 * contact fresh. Checks run in the order the protocol promises: who is calling (401) before what was sent (400) before
 * whether the thing named exists (404).
 */
@ApplicationScoped
public class AgentSessions {
    /** How long a report may wait for its batch to commit before the agent is told to retry (503). */
    static final Duration REPORT_TIMEOUT = Duration.ofSeconds(30);

    private final AgentCredentials credentials;
    private final DesiredState desired;
    private final AgentStreams streams;
    private final DeliveryStatusStore status;
    private final Event<AgentReported> reported;
    private final ReportWriter reports;

    public AgentSessions(AgentCredentials credentials, DesiredState desired, AgentStreams streams,
            DeliveryStatusStore status, Event<AgentReported> reported, ReportWriter reports) {
        this.credentials = credentials;
        this.desired = desired;
        this.streams = streams;
        this.status = status;
        this.reported = reported;
        this.reports = reports;
    }

    /** Exchanges the one-time bootstrap token for the cluster's own credential. */
    @Transactional
    public Registered register(Register body) {
        new Checks().present(body, "$").throwIfAny();
        ReportChecks.register(body);
        AgentCredentials.Issued issued = credentials.register(body.bootstrapToken(), body.idempotencyKey());
        Cluster cluster = issued.cluster();
        cluster.agentVersion = body.agentVersion();
        cluster.lastContactAt = OffsetDateTime.now();
        Tenant tenant = Tenant.findById(cluster.tenantId);
        return new Registered(tenant.name, cluster.name, issued.credential());
    }

    /** A new credential for the calling agent's cluster; the one it called with stops working at once. */
    @Transactional
    public Rotated rotate(String authorization) {
        Cluster cluster = credentials.authenticate(authorization);
        return new Rotated(credentials.issue(cluster));
    }

    @Transactional
    public List<DesiredMesh> desired(String authorization) {
        Cluster cluster = touch(credentials.authenticate(authorization));
        return desired.forCluster(cluster);
    }

    /**
     * Authenticates the agent and hands its stream to {@link AgentStreams}, which sends the current desired set first.
     * The set is read in a transaction of its own that ends before the stream opens: a stream is held for hours, a
     * transaction must not be.
     */
    public void openStream(String authorization, SseEventSink sink, Sse sse, SseFrames.Writer frames) {
        var opened = QuarkusTransaction.requiringNew().call(() -> {
            Cluster cluster = touch(credentials.authenticate(authorization));
            if (cluster.bootstrapRetryHash != null) {
                cluster.endRegistrationRetries(); // the agent has its credential: its registration is done
            }
            DesiredState.TenantState tenant = desired.tenantState(cluster.tenantId);
            return Map.entry(cluster, desired.withContent(cluster, desired.forCluster(cluster, tenant), tenant));
        });
        streams.open(opened.getKey(), opened.getValue(), sink, sse, frames);
    }

    /** The agent says it is alive: its cluster's last contact is written in this replica's next heartbeat round. */
    public void alive(String authorization) {
        String hash = AgentCredentials.credentialHash(authorization);
        streams.heard(credentials.clusterId(hash).orElseThrow(AgentCredentials::unknown));
    }

    /** The bundle as JSON; a revision that is not a number is no revision (404). */
    @Transactional
    public String bundleJson(String authorization, String mesh, String revision) {
        Cluster cluster = credentials.authenticate(authorization);
        int number;
        try {
            number = Integer.parseInt(revision);
        } catch (NumberFormatException e) {
            throw NotFoundException.of("revision", revision);
        }
        return desired.bundleJson(cluster, mesh, number);
    }

    /**
     * Stores a report: the answer completes once it is committed (503 when that takes longer than
     * {@link #REPORT_TIMEOUT}). Bad input and a missing credential fail at once; nothing here waits on the database.
     */
    public CompletionStage<Void> report(String authorization, Report body) {
        String credentialHash = AgentCredentials.credentialHash(authorization);
        new Checks().present(body, "$").throwIfAny();
        if (body.mesh() != null) {
            new Checks().present(body.revision(), "$.revision").throwIfAny();
        }
        Report bounded = ReportChecks.report(body);
        // the hot path of a fleet-wide change (one report per cluster): written in batches, answered once committed
        return ReportWriter.answerWhenStored(reports.submit(credentialHash, bounded), REPORT_TIMEOUT);
    }

    /** Stores one round of a rollout's analysis queries on the calling agent's cluster. */
    @Transactional
    public void measurements(String authorization, String rollout, Measurements body) {
        DeliveryStatusStore.Reporter reporter = status.reporter(AgentCredentials.credentialHash(authorization))
                .orElseThrow(AgentCredentials::unknown);
        Checks checks = new Checks().present(body, "$");
        checks.throwIfAny();
        checks.present(body.values(), "$.values");
        if (body.values() != null) {
            for (int i = 0; i < body.values().size(); i++) {
                Measured m = body.values().get(i);
                checks.require(m != null && m.metric() != null && !m.metric().isBlank() && m.metric().length() <= 200,
                        "$.values[" + i + "].metric", "give the metric key the desired state named");
            }
        }
        checks.throwIfAny();
        UUID rolloutId;
        try {
            rolloutId = UUID.fromString(rollout);
        } catch (IllegalArgumentException e) {
            throw NotFoundException.of("rollout", rollout);
        }
        // stored by whoever observes it (rollouts), in this transaction; a rollout not this cluster's is a 404
        reported.fire(new AgentReported.Measured(reporter.clusterId(), rollout, rolloutId, body.values().stream()
                .map(m -> new AgentReported.Value(m.metric(), m.value(),
                        m.error() == null ? null : m.error().substring(0, Math.min(500, m.error().length()))))
                .toList()));
    }

    private static Cluster touch(Cluster cluster) {
        cluster.lastContactAt = OffsetDateTime.now();
        return cluster;
    }
}
