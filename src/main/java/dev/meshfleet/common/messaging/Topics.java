package dev.meshfleet.common.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Creates Meshfleet's topics at start if they are missing, so that consumers subscribed to them never wait for a
 * metadata refresh to notice a topic a producer auto-created later (notices sent meanwhile would be skipped).
 */
@ApplicationScoped
public class Topics {
    private static final Logger LOG = Logger.getLogger(Topics.class);
    /** A new intent revision was committed (key: mesh id). */
    public static final String INTENT_REVISIONS = "meshfleet.intent.revisions";
    /** Desired state may have changed for a tenant or one cluster, or a cluster's credential was revoked. */
    public static final String DELIVERY_CHANGES = "meshfleet.delivery.changes";
    /** Work for the rollout engine (key: rollout id, so one rollout's commands stay in order). */
    public static final String ROLLOUT_COMMANDS = "meshfleet.rollout.commands";
    /** What rollouts did, for live views (key: rollout id). */
    public static final String ROLLOUT_EVENTS = "meshfleet.rollout.events";
    public static final List<String> ALL = List.of(INTENT_REVISIONS, DELIVERY_CHANGES, ROLLOUT_COMMANDS, ROLLOUT_EVENTS);

    void create(@Observes @Priority(1) StartupEvent event,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "meshfleet.kafka.partitions", defaultValue = "4") int partitions,
            @ConfigProperty(name = "meshfleet.kafka.replication-factor", defaultValue = "1") short replication) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = ALL.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replication)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(15, TimeUnit.SECONDS);
                LOG.infof("created Kafka topics %s", missing.stream().map(NewTopic::name).toList());
            }
        } catch (Exception e) {
            // the broker may be briefly away; producers still auto-create topics and consumers find them on refresh
            LOG.warnf("could not check or create Kafka topics: %s", e.getMessage());
        }
    }
}
