package dev.meshfleet.common.messaging;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.common.outbox.Outbox;

/**
 * The notices that tell every replica to look at its agents again, sent through the outbox in the transaction of the
 * change (keyed by tenant, so one tenant's notices stay in order). Delivery reads them; features below it send them
 * without knowing what delivery does with them.
 */
@ApplicationScoped
public class DeliveryChanges {
    private final Outbox outbox;

    public DeliveryChanges(Outbox outbox) {
        this.outbox = outbox;
    }

    /** What some of the tenant's clusters should run may have changed (placement, labels, a mesh deleted). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tenantChanged(UUID tenantId) {
        outbox.add(Topics.DELIVERY_CHANGES, tenantId.toString(), Map.of("tenantId", tenantId.toString()));
    }

    /** The cluster's agent lost its credential (revoked, or the cluster deleted): its streams end. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clusterRevoked(UUID tenantId, UUID clusterId) {
        outbox.add(Topics.DELIVERY_CHANGES, tenantId.toString(), Map.of("revokedClusterId", clusterId.toString()));
    }

    /** The tenant is gone with its clusters: every replica ends the streams it holds of the tenant's agents. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tenantRevoked(UUID tenantId) {
        outbox.add(Topics.DELIVERY_CHANGES, tenantId.toString(), Map.of("revokedTenantId", tenantId.toString()));
    }
}
