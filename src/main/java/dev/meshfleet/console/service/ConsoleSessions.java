package dev.meshfleet.console.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.meshfleet.tenancy.Caller;
import dev.meshfleet.tenancy.Role;
import dev.meshfleet.tenancy.Tenant;
import dev.meshfleet.tenancy.TenantAccess;
import dev.meshfleet.tenancy.service.TenantService;

/** What a console page needs to know about its user: who, which tenants, which role where, and the CSRF token. */
@RequestScoped
public class ConsoleSessions {
    /** A page shows at most this many tenants in its switcher; more are reached by typing the tenant in the URL. */
    private static final int TENANTS_LISTED = 200;

    private final TenantAccess access;
    private final TenantService tenants;
    private final ConsoleCsrf csrf;

    public ConsoleSessions(TenantAccess access, TenantService tenants, ConsoleCsrf csrf) {
        this.access = access;
        this.tenants = tenants;
        this.csrf = csrf;
    }

    /** The session as the pages see it; {@code role} is the caller's role in {@code tenant} (404 if not a member). */
    public record Session(String subject, String name, boolean platformAdmin, List<String> tenants, String tenant,
            Role role, String csrfHeader, String csrfToken) {
    }

    public Session describe(JsonWebToken login, Optional<String> tenant) {
        Caller caller = access.caller();
        Role role = null;
        if (tenant.isPresent()) {
            access.enter(tenant.get(), Role.VIEWER);
            role = access.role();
        }
        List<String> names = tenants.visible("", TENANTS_LISTED).stream().map((Tenant t) -> t.name).toList();
        Object display = Optional.ofNullable(login.getClaim("preferred_username")).orElse(caller.subject());
        return new Session(caller.subject(), display.toString().replace("\"", ""), caller.platformAdmin(), names,
                tenant.orElse(null), role, csrf.header(), csrf.tokenFor(login));
    }
}
