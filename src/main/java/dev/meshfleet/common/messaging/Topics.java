package dev.meshfleet.common.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Meshfleet's topics. The constants are names within an installation; {@link #name} gives the topic on the broker, which
 * carries the installation's prefix ({@code meshfleet.kafka.prefix}, default {@code meshfleet}: {@code
 * meshfleet.rollout.commands}), so installations sharing a broker (a dev server and {@code ./mvnw test}, two
 * environments) never read each other's messages. Consumer groups carry the same prefix (application.properties).
 *
 * <p>Creates the topics at start if they are missing, so that consumers subscribed to them never wait for a metadata
 * refresh to notice a topic a producer auto-created later (notices sent meanwhile would be skipped).
 */
@ApplicationScoped
public class Topics {
    private static final Logger LOG = Logger.getLogger(Topics.class);
    /** Kafka's own limits for topic names, less room for the longest name appended. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    /** A new intent revision was committed (key: mesh id). */
    public static final String INTENT_REVISIONS = "intent.revisions";
    /** Desired state may have changed for a tenant or one cluster, or a cluster's credential was revoked. */
    public static final String DELIVERY_CHANGES = "delivery.changes";
    /** Work for the rollout engine (key: rollout id, so one rollout's commands stay in order). */
    public static final String ROLLOUT_COMMANDS = "rollout.commands";
    /** What rollouts did, for live views (key: rollout id). */
    public static final String ROLLOUT_EVENTS = "rollout.events";
    /** Work for the root rotation engine (key: rotation id). */
    public static final String TRUST_ROTATIONS = "trust.rotations";
    /** What root rotations did, phase by phase and cluster by cluster (key: rotation id). */
    public static final String TRUST_EVENTS = "trust.events";
    /** Sync jobs of git sources (key: source id, so one source's syncs run one at a time, in order). */
    public static final String GITOPS_SYNC = "gitops.sync";
    public static final List<String> ALL = List.of(INTENT_REVISIONS, DELIVERY_CHANGES, ROLLOUT_COMMANDS, ROLLOUT_EVENTS,
            TRUST_ROTATIONS, TRUST_EVENTS, GITOPS_SYNC);

    private final String prefix;

    public Topics(KafkaConfig config) {
        String prefix = config.prefix();
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("meshfleet.kafka.prefix must be 1-200 of A-Z a-z 0-9 . _ -, not '" + prefix
                    + "'");
        }
        this.prefix = prefix;
    }

    /** The broker's name of one of the constants above, for this installation. */
    public String name(String topic) {
        return prefix + "." + topic;
    }

    public String prefix() {
        return prefix;
    }

    void create(@Observes @Priority(1) StartupEvent event, KafkaConfig config, KafkaClientSettings clients) {
        int partitions = config.partitions();
        short replication = config.replicationFactor();
        Map<String, Object> settings = clients.forClient();
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(settings)) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = ALL.stream().map(this::name).filter(t -> !existing.contains(t))
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
