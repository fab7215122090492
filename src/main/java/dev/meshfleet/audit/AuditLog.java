package dev.meshfleet.audit;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Writes audit entries; MANDATORY so that an entry commits exactly when the change it describes commits. */
@ApplicationScoped
public class AuditLog {

    public record Change(UUID tenantId, String action, String objectType, String objectName, Integer beforeRevision,
            Integer afterRevision, Map<String, Object> details) {
        public static Change of(UUID tenantId, String action, String objectType, String objectName) {
            return new Change(tenantId, action, objectType, objectName, null, null, null);
        }

        public Change revisions(Integer before, Integer after) {
            return new Change(tenantId, action, objectType, objectName, before, after, details);
        }

        public Change details(Map<String, Object> details) {
            return new Change(tenantId, action, objectType, objectName, beforeRevision, afterRevision, details);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, Change change) {
        AuditEntry entry = new AuditEntry();
        entry.tenantId = change.tenantId();
        entry.actor = actor.name();
        entry.action = change.action();
        entry.objectType = change.objectType();
        entry.objectName = change.objectName();
        entry.beforeRevision = change.beforeRevision();
        entry.afterRevision = change.afterRevision();
        entry.details = change.details();
        entry.source = actor.source();
        entry.requestId = actor.requestId();
        entry.persist();
    }

    /** For changes Meshfleet makes itself (e.g. the rollout engine), outside any request: the actor names the part. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSystem(String actor, Change change) {
        record(Actor.system(actor), change);
    }
}
