package dev.meshfleet.tenancy;

import jakarta.enterprise.context.RequestScoped;

import dev.meshfleet.common.error.ForbiddenException;
import dev.meshfleet.common.error.NotFoundException;

/**
 * Resolves the tenant of a tenant-scoped request and the caller's role in it. Another tenant's objects must be
 * indistinguishable from missing ones, so a non-member gets the same 404 as for a tenant that does not exist.
 */
@RequestScoped
public class TenantAccess {
    private final CurrentCaller currentCaller;
    private Tenant tenant;
    private Role role;

    public TenantAccess(CurrentCaller currentCaller) {
        this.currentCaller = currentCaller;
    }

    public void enter(String tenantName, Role required) {
        Caller caller = currentCaller.get();
        Tenant.WithRole found = Tenant.findWithRole(tenantName, caller)
                .orElseThrow(() -> NotFoundException.of("tenant", tenantName));
        Role held = caller.platformAdmin()
                ? Role.ADMIN
                : found.role().orElseThrow(() -> NotFoundException.of("tenant", tenantName));
        if (!held.includes(required)) {
            throw new ForbiddenException("this needs the " + required.wireName() + " role in tenant '" + tenantName
                    + "'; the caller is " + held.wireName());
        }
        this.tenant = found.tenant();
        this.role = held;
    }

    /** The tenant of the current request; only valid inside a {@link TenantRole} endpoint. */
    public Tenant tenant() {
        if (tenant == null) {
            throw new IllegalStateException("no tenant entered in this request");
        }
        return tenant;
    }

    public Role role() {
        return role;
    }

    public Caller caller() {
        return currentCaller.get();
    }

    /** This request's access, for a stream that outlives the request and must keep needing {@code required}. */
    public StandingAccess standing(Role required) {
        return new StandingAccess(tenant().id, caller(), required, currentCaller.tokenExpiry());
    }
}
