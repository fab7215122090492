package dev.meshfleet.tenancy;

import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Dev-only convenience: a tenant {@code demo} where the dev users alice (admin) and bob (operator) are members, so that
 * the README's walkthrough works right after start. Enabled by {@code meshfleet.demo.enabled} (on in the dev profile).
 */
public class DemoTenant {
    private static final Logger LOG = Logger.getLogger(DemoTenant.class);

    @Transactional
    void seed(@Observes StartupEvent event, DemoConfig config) {
        if (!config.enabled() || Tenant.findByName("demo").isPresent()) {
            return;
        }
        Tenant tenant = new Tenant();
        tenant.id = UUID.randomUUID();
        tenant.name = "demo";
        tenant.displayName = "Demo tenant (dev only)";
        tenant.persist();
        member(tenant, "alice", Role.ADMIN);
        member(tenant, "bob", Role.OPERATOR);
        LOG.info("created the demo tenant 'demo' (alice: admin, bob: operator)");
    }

    private static void member(Tenant tenant, String subject, Role role) {
        Membership m = new Membership();
        m.id = UUID.randomUUID();
        m.tenantId = tenant.id;
        m.principalKind = "user";
        m.principal = subject;
        m.role = role;
        m.persist();
    }
}
