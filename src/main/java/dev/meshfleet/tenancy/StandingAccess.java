package dev.meshfleet.tenancy;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

/**
 * The access a long-lived stream was opened with: who, in which tenant, with which role, until when the token is
 * valid. A stream outlives the request that checked it, so it is checked again while open ({@link #ended}).
 */
public record StandingAccess(UUID tenantId, Caller caller, Role role, Optional<Instant> tokenExpiry) {

    /**
     * Why this access has ended at {@code now}, if it has: the token expired, the tenant is gone, or the caller no
     * longer holds the role there (membership removed or lowered). Reads memberships, so call it in a transaction.
     */
    public Optional<String> ended(Instant now) {
        if (tokenExpiry.isPresent() && !now.isBefore(tokenExpiry.get())) {
            return Optional.of("the access token expired");
        }
        if (Tenant.findById(tenantId) == null) {
            return Optional.of("the tenant was deleted");
        }
        if (caller.platformAdmin()) {
            return Optional.empty();
        }
        Optional<Role> held = Membership.applicableTo(tenantId, caller).stream().map(m -> m.role)
                .max(Comparator.naturalOrder());
        if (held.isEmpty()) {
            return Optional.of("the caller is no longer a member of the tenant");
        }
        if (!held.get().includes(role)) {
            return Optional.of("the caller no longer has the " + role.wireName() + " role in the tenant");
        }
        return Optional.empty();
    }
}
