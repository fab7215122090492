package dev.meshfleet.audit;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** Reads a tenant's audit entries, newest first, one keyset page at a time. */
@ApplicationScoped
public class AuditTrail {

    /** Each filter is optional (null: any); {@code since} is inclusive, {@code until} exclusive. */
    public record Filter(String actor, String objectType, String objectName, OffsetDateTime since,
            OffsetDateTime until) {
    }

    /** Up to {@code limit} entries with ids below {@code beforeId}, newest first. */
    public List<AuditEntry> page(UUID tenantId, Filter filter, long beforeId, int limit) {
        StringBuilder query = new StringBuilder("tenantId = ?1 and id < ?2");
        List<Object> params = new ArrayList<>(List.of(tenantId, beforeId));
        if (filter.actor() != null) {
            params.add(filter.actor());
            query.append(" and actor = ?").append(params.size());
        }
        if (filter.objectType() != null) {
            params.add(filter.objectType());
            query.append(" and objectType = ?").append(params.size());
        }
        if (filter.objectName() != null) {
            params.add(filter.objectName());
            query.append(" and objectName = ?").append(params.size());
        }
        if (filter.since() != null) {
            params.add(filter.since());
            query.append(" and at >= ?").append(params.size());
        }
        if (filter.until() != null) {
            params.add(filter.until());
            query.append(" and at < ?").append(params.size());
        }
        query.append(" order by id desc");
        return AuditEntry.find(query.toString(), params.toArray()).page(0, limit).list();
    }
}
