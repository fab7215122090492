package dev.meshfleet.intent.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.common.outbox.Outbox;
import dev.meshfleet.common.web.ETags;
import dev.meshfleet.intent.IntentChecks;
import dev.meshfleet.intent.IntentCodec.CanonicalIntent;
import dev.meshfleet.intent.IntentRevision;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.RevisionDocuments;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.tenancy.CurrentCaller;
import dev.meshfleet.tenancy.Tenant;

/**
 * A mesh's intent revisions. Creates them one at a time per mesh, guarded by If-Match, checked, audited and announced
 * in one transaction; reads them for the intent API.
 */
@ApplicationScoped
public class IntentService {
    private final AuditLog audit;
    private final CurrentCaller caller;
    private final Outbox outbox;
    private final IntentChecks checks;
    private final RevisionDocuments documents;
    private final jakarta.enterprise.event.Event<Changing> changing;

    public IntentService(AuditLog audit, Outbox outbox, IntentChecks checks, RevisionDocuments documents,
            jakarta.enterprise.event.Event<Changing> changing, CurrentCaller caller) {
        this.documents = documents;
        this.caller = caller;
        this.changing = changing;
        this.audit = audit;
        this.outbox = outbox;
        this.checks = checks;
    }

    /** The outcome: the revision now current, and whether this call created it (false when nothing changed). */
    public record Outcome(IntentRevision revision, boolean created) {
    }

    /**
     * Fired (synchronously, in the committing transaction) before a revision is created, so that other features can
     * refuse it (a rollout owns its services' routes) or react to it. {@code before} gives null for a mesh's first
     * revision.
     */
    public record Changing(Mesh mesh, java.util.function.Supplier<MeshIntent> before, MeshIntent after, String source) {
    }

    /** The tenant's mesh of that name, or 404. */
    public Mesh mesh(UUID tenantId, String name) {
        return Mesh.findByName(tenantId, name).orElseThrow(() -> NotFoundException.of("mesh", name));
    }

    /** The tenant's mesh of that name as its id and current revision, or 404. */
    public Mesh.Head head(UUID tenantId, String name) {
        return Mesh.headByName(tenantId, name).orElseThrow(() -> NotFoundException.of("mesh", name));
    }

    /** Revisions numbered below {@code beforeNumber}, newest first. */
    public List<IntentRevision> revisions(Mesh mesh, int beforeNumber, int limit) {
        return IntentRevision.find("meshId = ?1 and number < ?2 order by number desc", mesh.id, beforeNumber)
                .page(0, limit).list();
    }

    /** One revision of the mesh, or 404 ({@code label}: how the caller named it). */
    public IntentRevision revision(Mesh mesh, int number, String label) {
        return IntentRevision.findByNumber(mesh.id, number).orElseThrow(() -> NotFoundException.of("revision", label));
    }

    @Transactional
    public Outcome commit(Tenant tenant, String meshName, CanonicalIntent intent, String ifMatch, String author,
            String source, String sourceRef) {
        Mesh mesh = Mesh.lockByName(tenant.id, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        ETags.checkIfMatch(ifMatch, mesh.currentRevision, "mesh '" + meshName + "'");
        return create(tenant, mesh, intent, author, source, sourceRef, null, null);
    }

    /** A revision written by a rollout that succeeded: its canary's weights, audited as the engine's. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome commitFromRollout(Tenant tenant, String meshName, CanonicalIntent intent, String rolloutId) {
        Mesh mesh = Mesh.lockByName(tenant.id, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        return create(tenant, mesh, intent, "rollout/" + rolloutId, "rollout", rolloutId, "meshfleet-rollout-engine", null);
    }

    /**
     * A revision written from a git commit by the GitOps sync (no If-Match: the branch is the source of truth),
     * audited as {@code systemActor}, with where it came from ({@code provenance}: repository, commit, author, message).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome commitFromGit(Tenant tenant, String meshName, CanonicalIntent intent, String author, String commit,
            Map<String, String> provenance, String systemActor) {
        Mesh mesh = Mesh.lockByName(tenant.id, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        return create(tenant, mesh, intent, author, "gitops", commit, systemActor, provenance);
    }

    private Outcome create(Tenant tenant, Mesh mesh, CanonicalIntent intent, String author, String source, String sourceRef,
            String systemActor, Map<String, String> provenance) {
        String meshName = mesh.name;
        Integer current = mesh.currentRevision;
        if (current != null && IntentRevision.sha256(mesh.id, current).orElseThrow().equals(intent.sha256())) {
            return new Outcome(IntentRevision.findByNumber(mesh.id, current).orElseThrow(), false);
        }
        // the previous intent is read only if an observer needs it (most changes concern no rollout)
        changing.fire(new Changing(mesh, current == null ? () -> null : () -> documents.model(mesh.id, current),
                intent.model(), source));
        List<Finding> warnings = checks.requireNoErrors(mesh, intent.model());
        IntentRevision revision = new IntentRevision();
        revision.findings = warnings;
        revision.meshId = mesh.id;
        revision.number = current == null ? 1 : current + 1;
        revision.spec = intent.json(); // the canonical JSON its hash was taken of
        revision.specSha256 = intent.sha256();
        revision.author = author;
        revision.source = source;
        revision.sourceRef = sourceRef;
        revision.parent = current;
        revision.provenance = provenance;
        revision.createdAt = java.time.OffsetDateTime.now();
        revision.persist();
        mesh.currentRevision = revision.number;

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sha256", intent.sha256());
        if (sourceRef != null) {
            details.put("sourceRef", sourceRef);
        }
        Change change = Change.of(tenant.id, "intent." + (source.equals("restore") ? "restore" : "update"), "mesh", meshName)
                .revisions(current, revision.number).details(details);
        if (systemActor == null) {
            audit.record(caller.actor(), change);
        } else {
            audit.recordSystem(systemActor, change);
        }
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("tenant", tenant.name);
        notice.put("tenantId", tenant.id.toString());
        notice.put("mesh", meshName);
        notice.put("meshId", mesh.id.toString());
        notice.put("revision", revision.number);
        notice.put("sha256", intent.sha256());
        outbox.add(Topics.INTENT_REVISIONS, mesh.id.toString(), notice);
        return new Outcome(revision, true);
    }
}
