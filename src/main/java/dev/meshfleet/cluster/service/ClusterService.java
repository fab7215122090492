package dev.meshfleet.cluster.service;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.ClusterConfig;
import dev.meshfleet.cluster.ClusterLabelsChanging;
import dev.meshfleet.cluster.ClusterQueries;
import dev.meshfleet.cluster.SecretTokens;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ConflictException;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.common.labels.LabelSelector;
import dev.meshfleet.common.labels.Labels;
import dev.meshfleet.common.messaging.DeliveryChanges;
import dev.meshfleet.tenancy.CurrentCaller;

/**
 * Cluster registration, labels and agent credentials. Registration and reissue hand out a one-time bootstrap token for
 * the cluster's agent; labels change under a JSON merge patch, and the meshes a cluster receives may refuse new labels.
 */
@ApplicationScoped
public class ClusterService {
    private final CurrentCaller caller;
    private final AuditLog audit;
    private final ClusterQueries queries;
    private final ClusterConfig config;
    private final DeliveryChanges deliveryChanges;
    /** Lets the meshes a cluster receives refuse labels under which their intent would fail (IntentChecks observes). */
    private final Event<ClusterLabelsChanging> labelsChanging;

    public ClusterService(CurrentCaller caller, AuditLog audit, ClusterQueries queries, ClusterConfig config,
            DeliveryChanges deliveryChanges, Event<ClusterLabelsChanging> labelsChanging) {
        this.caller = caller;
        this.audit = audit;
        this.queries = queries;
        this.config = config;
        this.deliveryChanges = deliveryChanges;
        this.labelsChanging = labelsChanging;
    }

    /** prometheusUrl: where the cluster's agent queries Prometheus for rollout analysis (http or https). */
    public record RegisterCluster(String name, Map<String, String> labels, String prometheusUrl) {
    }

    /**
     * JSON merge patch (RFC 7386) of the labels: a null value removes a label. {@code prometheusUrl} replaces the URL
     * when given ("" removes it).
     */
    public record PatchCluster(Map<String, String> labels, String prometheusUrl) {
    }

    /** A cluster with the bootstrap token just issued for it: shown once, only its hash is stored. */
    public record IssuedToken(Cluster cluster, String bootstrapToken) {
    }

    @Transactional
    public IssuedToken register(UUID tenantId, RegisterCluster body) {
        new Checks().present(body, "$").throwIfAny();
        Checks checks = new Checks().dnsLabel(body.name(), "$.name");
        Labels.check(body.labels(), "$.labels", checks);
        checks.require(body.labels() == null || body.labels().values().stream().allMatch(v -> v != null), "$.labels",
                "label values must not be null");
        checkPrometheusUrl(body.prometheusUrl(), checks);
        checks.throwIfAny();
        if (Cluster.findByName(tenantId, body.name()).isPresent()) {
            throw new ConflictException("cluster '" + body.name() + "' already exists");
        }
        Cluster cluster = new Cluster();
        cluster.id = UUID.randomUUID();
        cluster.tenantId = tenantId;
        cluster.name = body.name();
        cluster.labels = body.labels() == null ? Map.of() : new TreeMap<>(body.labels());
        cluster.prometheusUrl = body.prometheusUrl() == null || body.prometheusUrl().isEmpty() ? null : body.prometheusUrl();
        String token = newBootstrapToken(cluster);
        cluster.persistAndFlush();
        Cluster.getEntityManager().refresh(cluster);
        labelsChanging.fire(new ClusterLabelsChanging(cluster, null));
        audit.record(caller.actor(), Change.of(tenantId, "cluster.register", "cluster", cluster.name)
                .details(Map.of("labels", cluster.labels)));
        return new IssuedToken(cluster, token);
    }

    /** The tenant's clusters the selector matches, by name, after {@code afterName}. */
    public List<Cluster> list(UUID tenantId, LabelSelector selector, String afterName, int limit) {
        return queries.select(tenantId, selector, afterName, limit);
    }

    public Cluster get(UUID tenantId, String name) {
        return Cluster.findByName(tenantId, name).orElseThrow(() -> NotFoundException.of("cluster", name));
    }

    @Transactional
    public Cluster patch(UUID tenantId, String name, PatchCluster body) {
        new Checks().present(body, "$").throwIfAny();
        Checks checks = new Checks().require(body.labels() != null || body.prometheusUrl() != null, "$",
                "give labels, prometheusUrl or both");
        Labels.check(body.labels(), "$.labels", checks);
        checkPrometheusUrl(body.prometheusUrl(), checks);
        checks.throwIfAny();
        Cluster found = get(tenantId, name);
        if (body.prometheusUrl() != null) {
            String url = body.prometheusUrl().isEmpty() ? null : body.prometheusUrl();
            if (!Objects.equals(url, found.prometheusUrl)) {
                audit.record(caller.actor(), Change.of(found.tenantId, "cluster.prometheus-url", "cluster", found.name)
                        .details(Collections.singletonMap("prometheusUrl", url)));
            }
            found.prometheusUrl = url;
        }
        Map<String, String> before = new TreeMap<>(found.labels);
        Map<String, String> after = mergeLabels(before, body.labels());
        found.labels = after;
        if (!after.equals(before)) {
            labelsChanging.fire(new ClusterLabelsChanging(found, before));
        }
        deliveryChanges.tenantChanged(found.tenantId);
        if (body.labels() != null) {
            audit.record(caller.actor(), Change.of(found.tenantId, "cluster.labels", "cluster", found.name)
                    .details(Map.of("before", before, "after", after)));
        }
        return found;
    }

    /** The previous token stops working. */
    @Transactional
    public IssuedToken reissueBootstrapToken(UUID tenantId, String name) {
        return issueBootstrapToken(tenantId, name, "cluster.bootstrap-token");
    }

    /** A fresh token for an install manifest that carries it (the previous token stops working). */
    @Transactional
    public IssuedToken issueManifestToken(UUID tenantId, String name) {
        return issueBootstrapToken(tenantId, name, "cluster.agent-manifest");
    }

    /** The agent gets 401 from now on and stops applying, until it registers again with a new bootstrap token. */
    @Transactional
    public void revokeCredential(UUID tenantId, String name) {
        Cluster found = get(tenantId, name);
        found.credentialHash = null;
        found.credentialIssuedAt = null;
        found.endRegistrationRetries(); // a retry of the last registration must not bring the credential back
        deliveryChanges.clusterRevoked(found.tenantId, found.id);
        audit.record(caller.actor(), Change.of(found.tenantId, "cluster.credential-revoke", "cluster", found.name));
    }

    @Transactional
    public void delete(UUID tenantId, String name) {
        Cluster found = get(tenantId, name);
        found.delete();
        deliveryChanges.clusterRevoked(found.tenantId, found.id);
        audit.record(caller.actor(), Change.of(found.tenantId, "cluster.delete", "cluster", found.name));
    }

    private IssuedToken issueBootstrapToken(UUID tenantId, String name, String auditAction) {
        Cluster found = get(tenantId, name);
        String token = newBootstrapToken(found);
        audit.record(caller.actor(), Change.of(found.tenantId, auditAction, "cluster", found.name));
        return new IssuedToken(found, token);
    }

    private String newBootstrapToken(Cluster cluster) {
        String token = SecretTokens.newToken("mfb_");
        cluster.bootstrapTokenHash = SecretTokens.hash(token);
        cluster.bootstrapExpiresAt = OffsetDateTime.now().plus(config.bootstrapTokenTtl());
        cluster.endRegistrationRetries(); // a new token supersedes the registration before it
        return token;
    }

    /** RFC 7386 on a flat map: null removes a label, anything else sets it; at most {@link Labels#MAX_COUNT} after. */
    private static Map<String, String> mergeLabels(Map<String, String> before, Map<String, String> patch) {
        Map<String, String> after = new TreeMap<>(before);
        (patch == null ? Map.<String, String> of() : patch).forEach((key, value) -> {
            if (value == null) {
                after.remove(key);
            } else {
                after.put(key, value);
            }
        });
        if (after.size() > Labels.MAX_COUNT) {
            throw ValidationException.of("$.labels", "the cluster would have " + after.size() + " labels; at most "
                    + Labels.MAX_COUNT + " are allowed");
        }
        return after;
    }

    private static void checkPrometheusUrl(String url, Checks checks) {
        if (url == null || url.isEmpty()) {
            return;
        }
        boolean ok;
        try {
            URI uri = URI.create(url);
            ok = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getUserInfo() == null && url.length() <= 2000;
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        checks.require(ok, "$.prometheusUrl", "must be an http(s) URL with a host and no query or credentials");
    }
}
