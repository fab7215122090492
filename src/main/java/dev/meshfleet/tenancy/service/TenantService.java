package dev.meshfleet.tenancy.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ConflictException;
import dev.meshfleet.common.error.ForbiddenException;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.messaging.DeliveryChanges;
import dev.meshfleet.tenancy.Caller;
import dev.meshfleet.tenancy.CurrentCaller;
import dev.meshfleet.tenancy.Tenant;

/** Tenants: platform admins create and delete them; members see the tenants they belong to. */
@ApplicationScoped
public class TenantService {
    private final CurrentCaller caller;
    private final AuditLog audit;
    private final DeliveryChanges deliveryChanges;

    public TenantService(CurrentCaller caller, AuditLog audit, DeliveryChanges deliveryChanges) {
        this.caller = caller;
        this.audit = audit;
        this.deliveryChanges = deliveryChanges;
    }

    /** displayName: defaults to the name. */
    public record CreateTenant(String name, String displayName) {
    }

    @Transactional
    public Tenant create(CreateTenant body) {
        requirePlatformAdmin();
        new Checks().present(body, "$").throwIfAny();
        new Checks().dnsLabel(body.name(), "$.name")
                .require(body.displayName() == null || body.displayName().length() <= 200, "$.displayName",
                        "must be at most 200 characters")
                .throwIfAny();
        if (Tenant.findByName(body.name()).isPresent()) {
            throw new ConflictException("tenant '" + body.name() + "' already exists");
        }
        Tenant tenant = new Tenant();
        tenant.id = UUID.randomUUID();
        tenant.name = body.name();
        tenant.displayName = body.displayName() == null ? body.name() : body.displayName();
        tenant.persistAndFlush();
        Tenant.getEntityManager().refresh(tenant);
        audit.record(caller.actor(), Change.of(tenant.id, "tenant.create", "tenant", tenant.name));
        return tenant;
    }

    /** All tenants for platform admins, else those the caller is a member of (directly or by group); by name. */
    public List<Tenant> visible(String afterName, int limit) {
        Caller who = caller.get();
        return who.platformAdmin()
                ? Tenant.find("name > ?1 order by name", afterName).page(0, limit).list()
                : Tenant.find("name > ?1 and id in (select m.tenantId from Membership m where "
                        + "(m.principalKind = 'user' and m.principal = ?2) or (m.principalKind = 'group' and m.principal in ?3)) "
                        + "order by name", afterName, who.subject(), who.groups().isEmpty() ? List.of("") : List.copyOf(who.groups()))
                        .page(0, limit).list();
    }

    public Tenant get(String name) {
        return Tenant.findByName(name).orElseThrow(() -> NotFoundException.of("tenant", name));
    }

    /** Deletes the tenant and everything in it (the database cascades); its agents' streams end. */
    @Transactional
    public void delete(String name) {
        requirePlatformAdmin();
        Tenant found = get(name);
        found.delete();
        deliveryChanges.tenantRevoked(found.id);
        audit.record(caller.actor(), Change.of(found.id, "tenant.delete", "tenant", found.name));
    }

    private void requirePlatformAdmin() {
        if (!caller.get().platformAdmin()) {
            throw new ForbiddenException("only platform admins manage tenants");
        }
    }
}
