package dev.meshfleet.gitops.service;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.crypto.SecretSeal;
import dev.meshfleet.common.error.ConflictException;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.gitops.GitSourceRequest;
import dev.meshfleet.gitops.GitopsConfig;
import dev.meshfleet.gitops.core.GitProvider;
import dev.meshfleet.gitops.core.GitSourceRules;
import dev.meshfleet.gitops.store.GitDeliveries;
import dev.meshfleet.gitops.store.GitSource;
import dev.meshfleet.gitops.store.GitSync;
import dev.meshfleet.gitops.sync.SyncCommands;
import dev.meshfleet.gitops.sync.SyncCommands.Trigger;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.service.IntentService;
import dev.meshfleet.tenancy.CurrentCaller;
import dev.meshfleet.tenancy.Tenant;
import dev.meshfleet.workflow.WorkflowTimers;

/**
 * A mesh's git sources: created, changed and removed by admins, each change audited. Secrets are sealed with
 * {@link SecretSeal} bound to the source before they are stored; the webhook secret is returned once, when it is made.
 */
@ApplicationScoped
public class GitSourceService {
    private final IntentService intents;
    private final SecretSeal seal;
    private final AuditLog audit;
    private final CurrentCaller caller;
    private final SyncCommands sync;
    private final WorkflowTimers timers;
    private final GitopsConfig config;
    private final GitDeliveries deliveries;

    public GitSourceService(IntentService intents, SecretSeal seal, AuditLog audit, CurrentCaller caller, SyncCommands sync,
            WorkflowTimers timers, GitopsConfig config, GitDeliveries deliveries) {
        this.deliveries = deliveries;
        this.intents = intents;
        this.seal = seal;
        this.audit = audit;
        this.caller = caller;
        this.sync = sync;
        this.timers = timers;
        this.config = config;
    }

    /** A source just made or given a new secret: the secret in clear, this once. */
    public record WithSecret(GitSource source, String webhookSecret) {
    }

    @Transactional
    public WithSecret create(Tenant tenant, String meshName, GitSourceRequest request) {
        request.check(true, config);
        Mesh mesh = intents.mesh(tenant.id, meshName);
        if (GitSource.findByName(mesh.id, request.name()).isPresent()) {
            throw new ConflictException("git source '" + request.name() + "' already exists in mesh '" + meshName + "'");
        }
        GitSource source = new GitSource();
        source.id = UUID.randomUUID();
        source.tenantId = tenant.id;
        source.meshId = mesh.id;
        source.name = request.name();
        source.hookId = GitSourceRules.newHookId();
        source.createdAt = OffsetDateTime.now();
        apply(source, request);
        source.pollSeconds = request.pollSeconds(config);
        String secret = request.webhookSecret() != null ? request.webhookSecret() : GitSourceRules.newSecret();
        source.webhookSecret = seal.sealText(secret, source.sealContext("webhook-secret")).encoded();
        source.persist();
        record(tenant, meshName, source, "gitops.source.create", describe(source));
        sync.request(source.id, Trigger.CREATED, null, null);
        return new WithSecret(source, secret);
    }

    public List<GitSource> list(Tenant tenant, String meshName) {
        return GitSource.listByMesh(intents.mesh(tenant.id, meshName).id);
    }

    public GitSource get(Tenant tenant, String meshName, String name) {
        Mesh mesh = intents.mesh(tenant.id, meshName);
        return GitSource.findByName(mesh.id, name).orElseThrow(() -> NotFoundException.of("git source", name));
    }

    @Transactional
    public GitSource update(Tenant tenant, String meshName, String name, GitSourceRequest request) {
        request.check(false, config);
        GitSource source = get(tenant, meshName, name);
        apply(source, request);
        if (request.pollInterval() != null && source.pollSeconds == null) {
            timers.cancel(SyncCommands.WORKFLOW.timers(), source.id, SyncCommands.POLL);
        }
        record(tenant, meshName, source, "gitops.source.update", describe(source));
        if (!source.suspended) {
            // what the source follows may have changed: read it again now rather than at the next poll
            sync.request(source.id, Trigger.MANUAL, null, null);
        }
        return source;
    }

    @Transactional
    public void delete(Tenant tenant, String meshName, String name) {
        GitSource source = get(tenant, meshName, name);
        record(tenant, meshName, source, "gitops.source.delete", describe(source));
        source.delete();
    }

    /** A new webhook secret (generated, or the caller's); the old one stops working at once. */
    @Transactional
    public WithSecret rotateSecret(Tenant tenant, String meshName, String name, String given) {
        GitSource source = get(tenant, meshName, name);
        new GitSourceRequest(null, source.provider, null, null, null, null, null, given, null, null).check(false, config);
        String secret = given != null ? given : GitSourceRules.newSecret();
        source.webhookSecret = seal.sealText(secret, source.sealContext("webhook-secret")).encoded();
        source.updatedAt = OffsetDateTime.now();
        record(tenant, meshName, source, "gitops.source.rotate-secret", Map.of());
        return new WithSecret(source, secret);
    }

    /** Asks for a sync now (the source's consumer fetches the branch and commits what it finds). */
    @Transactional
    public GitSource requestSync(Tenant tenant, String meshName, String name) {
        GitSource source = get(tenant, meshName, name);
        if (source.suspended) {
            throw new ConflictException("git source '" + name + "' is suspended; resume it first");
        }
        sync.request(source.id, Trigger.MANUAL, null, null);
        record(tenant, meshName, source, "gitops.sync.request", Map.of());
        return source;
    }

    /** The newest delivery the source sent (whatever was made of it). */
    public java.util.Optional<GitDeliveries.Last> lastDelivery(GitSource source) {
        return deliveries.last(source.id);
    }

    public List<GitSync> syncs(Tenant tenant, String meshName, String name, long beforeId, int limit) {
        return GitSync.page(get(tenant, meshName, name).id, beforeId, limit);
    }

    private void apply(GitSource source, GitSourceRequest request) {
        if (request.provider() != null) {
            source.provider = GitProvider.of(request.provider()).orElseThrow().wireName();
        }
        if (request.repository() != null) {
            source.repository = request.repository();
        }
        if (request.branch() != null) {
            source.branch = request.branch();
        }
        if (request.path() != null) {
            source.path = request.path();
        }
        if (request.credentials() != null) {
            var credentials = request.credentials();
            source.credentialUsername = credentials.token() == null ? null : credentials.username();
            source.credentialToken = credentials.token() == null ? null
                    : seal.sealText(credentials.token(), source.sealContext("token")).encoded();
            source.credentialSshKey = credentials.sshPrivateKey() == null ? null
                    : seal.sealText(credentials.sshPrivateKey(), source.sealContext("ssh-key")).encoded();
        }
        if (request.knownHosts() != null) {
            source.knownHosts = request.knownHosts().isBlank() ? null : request.knownHosts().strip();
        }
        GitSourceRules.consistent(source.repository, source.credentialToken != null, source.credentialSshKey != null,
                source.knownHosts);
        if (request.pollInterval() != null) {
            source.pollSeconds = request.pollSeconds(config);
        }
        if (request.suspended() != null) {
            source.suspended = request.suspended();
        }
        source.updatedAt = OffsetDateTime.now();
    }

    /** What the audit log keeps of a source: everything but its secrets. */
    private static Map<String, Object> describe(GitSource source) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", source.provider);
        details.put("repository", source.repository);
        details.put("branch", source.branch);
        details.put("path", source.path);
        details.put("credentials", source.credentialToken != null ? "token"
                : source.credentialSshKey != null ? "ssh-key" : "none");
        details.put("knownHosts", source.knownHosts != null);
        details.put("suspended", source.suspended);
        return details;
    }

    private void record(Tenant tenant, String meshName, GitSource source, String action, Map<String, Object> details) {
        audit.record(caller.actor(), Change.of(tenant.id, action, "git-source", meshName + "/" + source.name)
                .details(details));
    }
}
