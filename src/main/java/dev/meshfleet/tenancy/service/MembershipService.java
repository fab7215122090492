package dev.meshfleet.tenancy.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ConflictException;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.tenancy.CurrentCaller;
import dev.meshfleet.tenancy.Membership;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.Tenant;

/**
 * A tenant's members: users (token subjects) or groups (token groups claim), each with a role. A tenant always keeps
 * at least one admin.
 */
@ApplicationScoped
public class MembershipService {
    private final CurrentCaller caller;
    private final AuditLog audit;

    public MembershipService(CurrentCaller caller, AuditLog audit) {
        this.caller = caller;
        this.audit = audit;
    }

    /** Exactly one of {@code subject} and {@code group}. */
    public record AddMember(String subject, String group, Role role) {
    }

    public record ChangeRole(Role role) {
    }

    /** Ordered by kind and principal ("user:alice"), after {@code after}. */
    public List<Membership> list(UUID tenantId, String after, int limit) {
        return Membership
                .find("tenantId = ?1 and (principalKind || ':' || principal) > ?2 order by principalKind || ':' || principal",
                        tenantId, after)
                .page(0, limit).list();
    }

    @Transactional
    public Membership add(UUID tenantId, AddMember body) {
        new Checks().present(body, "$").throwIfAny();
        boolean hasSubject = body.subject() != null;
        boolean hasGroup = body.group() != null;
        new Checks().require(hasSubject != hasGroup, hasSubject ? "$.group" : "$.subject",
                "give exactly one of 'subject' and 'group'")
                .require(!hasSubject || (!body.subject().isBlank() && body.subject().length() <= 255), "$.subject",
                        "must be 1 to 255 characters")
                .require(!hasGroup || (!body.group().isBlank() && body.group().length() <= 255), "$.group",
                        "must be 1 to 255 characters")
                .present(body.role(), "$.role")
                .throwIfAny();
        Membership m = new Membership();
        m.id = UUID.randomUUID();
        m.tenantId = tenantId;
        m.principalKind = hasSubject ? "user" : "group";
        m.principal = hasSubject ? body.subject() : body.group();
        m.role = body.role();
        if (Membership.count("tenantId = ?1 and principalKind = ?2 and principal = ?3", m.tenantId, m.principalKind,
                m.principal) > 0) {
            throw new ConflictException(m.principalKind + " '" + m.principal + "' is already a member");
        }
        m.persistAndFlush();
        Membership.getEntityManager().refresh(m);
        audit.record(caller.actor(), Change.of(m.tenantId, "membership.add", "membership", principal(m))
                .details(Map.of("role", m.role.wireName())));
        return m;
    }

    @Transactional
    public Membership changeRole(UUID tenantId, String member, ChangeRole body) {
        new Checks().present(body, "$").throwIfAny();
        new Checks().present(body.role(), "$.role").throwIfAny();
        lockAdmins(tenantId);
        Membership m = find(tenantId, member);
        Role before = m.role;
        if (before == Role.ADMIN && body.role() != Role.ADMIN) {
            requireAnotherAdmin(m);
        }
        m.role = body.role();
        audit.record(caller.actor(), Change.of(m.tenantId, "membership.change-role", "membership", principal(m))
                .details(Map.of("before", before.wireName(), "after", m.role.wireName())));
        return m;
    }

    @Transactional
    public void remove(UUID tenantId, String member) {
        lockAdmins(tenantId);
        Membership m = find(tenantId, member);
        if (m.role == Role.ADMIN) {
            requireAnotherAdmin(m);
        }
        m.delete();
        audit.record(caller.actor(), Change.of(m.tenantId, "membership.remove", "membership", principal(m)));
    }

    private static String principal(Membership m) {
        return m.principalKind + ":" + m.principal;
    }

    private static Membership find(UUID tenantId, String member) {
        UUID id;
        try {
            id = UUID.fromString(member);
        } catch (IllegalArgumentException e) {
            throw NotFoundException.of("member", member);
        }
        Membership m = Membership.findById(id);
        if (m == null || !m.tenantId.equals(tenantId)) {
            throw NotFoundException.of("member", member);
        }
        return m;
    }

    /**
     * Serialises the changes that can take away an admin in this tenant: without it, two admins removing (or demoting)
     * each other at once both see two admins, both succeed, and the tenant is left with none. The lock is taken before
     * the member is read, so the role checked below is the committed one.
     */
    private static void lockAdmins(UUID tenantId) {
        Tenant.getEntityManager().createNativeQuery("SELECT id FROM tenants WHERE id = :id FOR UPDATE")
                .setParameter("id", tenantId).getResultList();
    }

    /** A tenant without an admin could only be repaired by a platform admin, so the last one stays. */
    private static void requireAnotherAdmin(Membership leaving) {
        if (Membership.countAdmins(leaving.tenantId) <= 1) {
            throw new ConflictException("a tenant must keep at least one admin; add another admin first");
        }
    }
}
