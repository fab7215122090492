package dev.meshfleet.delivery;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Every replica consumes the desired-state notices (its own consumer group, so each sees all of them) and pushes the
 * agents whose streams it holds. Notices only say "look again"; the desired state itself is read from Postgres, so a
 * duplicated or reordered notice changes nothing.
 */
@ApplicationScoped
public class DeliveryNotices {
    private static final Logger LOG = Logger.getLogger(DeliveryNotices.class);

    private final AgentStreams streams;
    private final ObjectMapper json;

    public DeliveryNotices(AgentStreams streams, ObjectMapper json) {
        this.streams = streams;
        this.json = json;
    }

    @Incoming("delivery-notices")
    @Blocking
    @ActivateRequestContext
    public void onNotice(String payload) {
        if (streams.stopping()) {
            return; // the replica is shutting down: its streams are ending, and the database may be gone already
        }
        JsonNode notice;
        try {
            notice = json.readTree(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warnf("ignoring an unreadable delivery notice: %s", e.getOriginalMessage());
            return;
        }
        try {
            if (notice.hasNonNull("revokedTenantId")) {
                streams.closeTenant(UUID.fromString(notice.get("revokedTenantId").asText()));
            } else if (notice.hasNonNull("revokedClusterId")) {
                streams.close(UUID.fromString(notice.get("revokedClusterId").asText()));
            } else if (notice.hasNonNull("clusterId")) {
                // only this cluster's desired state changed (e.g. its agent reported other Istio API versions)
                streams.pushDesired(UUID.fromString(notice.get("clusterId").asText()));
            } else if (notice.hasNonNull("tenantId")) {
                streams.tenantChanged(UUID.fromString(notice.get("tenantId").asText()));
            }
        } catch (RuntimeException e) {
            // the agents concerned get their desired set on their next resync or reconnect
            LOG.warnf("could not push a delivery notice to this replica's streams: %s", e.getMessage());
        }
    }
}
