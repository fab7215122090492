package dev.meshfleet.gitops.sync;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.crypto.SecretSeal;
import dev.meshfleet.common.crypto.WrappedKey;
import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.gitops.store.GitSource;
import dev.meshfleet.gitops.store.GitSync;
import dev.meshfleet.intent.IntentCodec.CanonicalIntent;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.service.IntentService;
import dev.meshfleet.tenancy.Tenant;
import dev.meshfleet.workflow.ProcessedMessages;
import dev.meshfleet.workflow.WorkflowTimers;

/**
 * The transactions of a sync: reading what it needs (before the fetch, which holds no transaction), and writing how it
 * ended (the revision when there is one, the source's status, a sync row, an audit entry, the handled message ids and
 * the next poll) in one transaction, so a crash leaves either all of it or none (and the job is redelivered).
 */
@ApplicationScoped
public class SyncRecorder {
    static final String CONSUMER = "gitops-sync";
    static final String ACTOR = "meshfleet-gitops-sync";

    private final EntityManager em;
    private final SecretSeal seal;
    private final ProcessedMessages processed;
    private final WorkflowTimers timers;
    private final IntentService intents;
    private final AuditLog audit;

    public SyncRecorder(EntityManager em, SecretSeal seal, ProcessedMessages processed, WorkflowTimers timers,
            IntentService intents, AuditLog audit) {
        this.em = em;
        this.seal = seal;
        this.processed = processed;
        this.timers = timers;
        this.intents = intents;
        this.audit = audit;
    }

    /** What a sync needs of its source, read before the fetch (the token opened for this fetch only). */
    public record Snapshot(UUID sourceId, String name, UUID tenantId, String meshName, GitFetcher.Target target,
            String syncedCommit, boolean suspended, Integer pollSeconds) {
    }

    /** How a sync ended. {@code result}: SYNCED, UNCHANGED, INVALID, FAILED or STALE. */
    public record Ending(String trigger, String result, String commit, String author, String message, Integer revision,
            List<FieldError> findings, String error, Duration took) {
    }

    /** The source as it is now, unless it is gone or every one of these messages was handled before. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Snapshot> begin(UUID sourceId, List<UUID> messageIds) {
        long handled = ((Number) em.createNativeQuery("SELECT count(*) FROM processed_messages WHERE consumer = :c AND "
                + "message_id = ANY(CAST(:ids AS uuid[]))").setParameter("c", CONSUMER)
                .setParameter("ids", messageIds.stream().map(UUID::toString).toArray(String[]::new)).getSingleResult())
                .longValue();
        GitSource s = GitSource.findById(sourceId);
        if (s == null || handled == messageIds.size()) {
            return Optional.empty();
        }
        String token = s.credentialToken == null ? null
                : seal.openText(WrappedKey.decode(s.credentialToken), s.sealContext("token"));
        String sshKey = s.credentialSshKey == null ? null
                : seal.openText(WrappedKey.decode(s.credentialSshKey), s.sealContext("ssh-key"));
        Mesh mesh = Mesh.findById(s.meshId);
        return Optional.of(new Snapshot(s.id, s.name, s.tenantId, mesh.name, new GitFetcher.Target(s.id, s.repository,
                s.branch, s.path, s.credentialUsername, token, sshKey, s.knownHosts), s.syncedCommit, s.suspended,
                s.pollSeconds));
    }

    /** Marks the messages handled without a sync (the source was suspended or is gone). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void skip(List<UUID> messageIds) {
        messageIds.forEach(id -> processed.firstDelivery(CONSUMER, id));
    }

    /**
     * Commits the intent read at {@code ending.commit()} as the mesh's new revision (or finds it equal to the current
     * one) and records the sync. Throws the intent checks' refusal, rolling everything back, for the caller to record
     * as INVALID. {@code reachable} says whether a commit is an ancestor of another: a commit the source already moved
     * past (synced by a later job) is STALE and never overwrites the newer one.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Ending commit(Snapshot snapshot, CanonicalIntent intent, Ending ending, List<UUID> messageIds,
            BiPredicate<String, String> reachable) {
        GitSource source = GitSource.lock(snapshot.sourceId()).orElse(null);
        if (source == null) {
            return ending;
        }
        if (source.syncedCommit != null && !source.syncedCommit.equals(ending.commit())
                && reachable.test(ending.commit(), source.syncedCommit)) {
            Ending stale = new Ending(ending.trigger(), "STALE", ending.commit(), ending.author(), ending.message(), null,
                    List.of(), "commit " + ending.commit() + " is older than the synced " + source.syncedCommit, ending.took());
            write(source, snapshot, stale, messageIds);
            return stale;
        }
        Tenant tenant = Tenant.findById(snapshot.tenantId());
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("gitSource", source.name);
        provenance.put("repository", source.repository);
        provenance.put("branch", source.branch);
        provenance.put("path", source.path);
        provenance.put("commit", ending.commit());
        provenance.put("author", ending.author());
        provenance.put("message", ending.message());
        IntentService.Outcome outcome = intents.commitFromGit(tenant, snapshot.meshName(), intent, ending.author(),
                ending.commit(), provenance, ACTOR);
        List<FieldError> warnings = outcome.revision().findings == null ? List.of()
                : outcome.revision().findings.stream().map(f -> new FieldError(f.path(), f.message(), f.code())).toList();
        Ending done = new Ending(ending.trigger(), outcome.created() ? "SYNCED" : "UNCHANGED", ending.commit(),
                ending.author(), ending.message(), outcome.revision().number, warnings, null, ending.took());
        source.syncedCommit = ending.commit();
        source.syncedRevision = outcome.revision().number;
        write(source, snapshot, done, messageIds);
        return done;
    }

    /** Records a sync that made no revision (INVALID, FAILED, STALE). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(Snapshot snapshot, Ending ending, List<UUID> messageIds) {
        GitSource.lock(snapshot.sourceId()).ifPresent(source -> write(source, snapshot, ending, messageIds));
    }

    private void write(GitSource source, Snapshot snapshot, Ending ending, List<UUID> messageIds) {
        messageIds.forEach(id -> processed.firstDelivery(CONSUMER, id));
        source.lastSyncAt = OffsetDateTime.now();
        source.lastResult = ending.result();
        source.lastCommit = ending.commit();
        source.lastError = ending.error();
        source.lastFindings = ending.findings();
        GitSync sync = new GitSync();
        sync.sourceId = source.id;
        sync.trigger = ending.trigger();
        sync.result = ending.result();
        sync.commitId = ending.commit();
        sync.author = ending.author();
        sync.message = ending.message();
        sync.revision = ending.revision();
        sync.findings = ending.findings();
        sync.error = ending.error();
        sync.durationMs = ending.took().toMillis();
        sync.persist();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("result", ending.result());
        details.put("trigger", ending.trigger());
        details.put("repository", source.repository);
        details.put("branch", source.branch);
        if (ending.commit() != null) {
            details.put("commit", ending.commit());
            details.put("author", ending.author());
        }
        if (!ending.findings().isEmpty()) {
            details.put("findings", ending.findings().size());
        }
        if (ending.error() != null) {
            details.put("error", ending.error());
        }
        audit.recordSystem(ACTOR, Change.of(source.tenantId, "gitops.sync", "git-source",
                snapshot.meshName() + "/" + source.name).revisions(null, ending.revision()).details(details));
        if (source.pollSeconds != null && !source.suspended) {
            timers.start(SyncCommands.WORKFLOW.timers(), source.id, SyncCommands.POLL, Duration.ofSeconds(source.pollSeconds));
        } else {
            timers.cancel(SyncCommands.WORKFLOW.timers(), source.id, SyncCommands.POLL);
        }
    }
}
