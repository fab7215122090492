package dev.meshfleet.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.SseReader;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;

/**
 * Streams opened before this replica's notice consumer had its partitions may have missed a change: once partitions
 * are assigned, each stream is sent its desired set again.
 */
@QuarkusTest
class DeliveryNoticesAssignedTest {
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @TestHTTPResource("/agent/v1/stream")
    URL stream;

    @Inject
    @Identifier(DeliveryNoticesAssigned.NAME)
    DeliveryNoticesAssigned assigned;

    @Test
    void anAssignmentSendsEveryLocalStreamItsDesiredSetAgain() {
        Await.until("the notice consumer of this replica got its partitions (the listener is wired)", WITHIN,
                () -> assigned.assignments() > 0);
        TestTenant tenant = TestTenant.create();
        String credential = AgentBootstrap.credential(tenant.registerCluster("c1", Map.of("env", "prod")), "test");
        // no mesh: nothing else of this tenant sends the stream anything
        try (SseReader agent = new SseReader(stream.toString(), "Bearer " + credential)) {
            Await.until("the stream opened with the desired set", WITHIN, () -> desiredEvents(agent) == 1);
            assigned.onPartitionsAssigned(null, List.of());
            Await.until("the desired set was sent again", WITHIN, () -> desiredEvents(agent) == 2);
            assertEquals(agent.json().get(agent.names().indexOf("desired")),
                    agent.json().get(agent.names().lastIndexOf("desired")), "the same set, read again");
        }
    }

    private static long desiredEvents(SseReader agent) {
        return agent.names().stream().filter("desired"::equals).count();
    }
}
