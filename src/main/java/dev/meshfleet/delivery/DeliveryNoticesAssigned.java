package dev.meshfleet.delivery;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * A replica's notice consumer starts at the latest offset once its partitions are assigned, which takes a few seconds
 * after the replica is up. Agents whose streams opened in between read their desired set before a change whose notice
 * then never reached this replica: after a replica restarted mid-rollout, its re-homed agents missed a weight step
 * until the five-minute resync (the fault suite's SIGKILL run found it). So once partitions are assigned, every
 * stream this replica holds is sent its desired set again, read after the assignment: notices from then on arrive.
 */
@ApplicationScoped
@Identifier(DeliveryNoticesAssigned.NAME)
public class DeliveryNoticesAssigned implements KafkaConsumerRebalanceListener {
    static final String NAME = "delivery-notices-assigned";

    private final AgentStreams streams;
    private final java.util.concurrent.atomic.AtomicInteger assignments = new java.util.concurrent.atomic.AtomicInteger();

    public DeliveryNoticesAssigned(AgentStreams streams) {
        this.streams = streams;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assignments.incrementAndGet();
        streams.catchUpAll(); // on another thread: this one polls the notices
    }

    /** How many times partitions were assigned to this replica's notice consumer. */
    public int assignments() {
        return assignments.get();
    }
}
