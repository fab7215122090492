package dev.meshfleet.agent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.meshfleet.protocol.StreamEvents;

/**
 * Keeps an open stream honest both ways. The server sends heartbeats: when the stream carries nothing for two heartbeat
 * periods the server is taken for dead (killed without a reset reaching us, frozen, or a path that drops packets) and
 * the stream is closed, so the agent reconnects, through the load balancer, to a live replica. And every contact period
 * the agent tells the server it is alive, since the stream itself only carries the server's words.
 *
 * <p>One timer thread serves every agent of the JVM (the benchmarks run thousands in one), and the alive calls are
 * asynchronous, so a slow server never holds the timer.
 */
final class StreamWatch {
    private static final Logger LOG = Logger.getLogger("dev.meshfleet.agent");
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("meshfleet-agent-stream-watch"));

    private final AgentClient client;
    private ScheduledFuture<?> silenceCheck;
    private ScheduledFuture<?> aliveCalls;

    StreamWatch(AgentClient client) {
        this.client = client;
    }

    /** Watches the stream that just sent this hello, at the periods it names; replaces any earlier watch. */
    synchronized void watch(StreamEvents.Hello hello) {
        stop();
        long heartbeat = hello.heartbeatPeriodMillis();
        if (heartbeat > 0) {
            client.expectHeartbeats(heartbeat);
            long deadline = 2 * heartbeat;
            long every = Math.max(20, heartbeat / 4);
            silenceCheck = TIMER.scheduleWithFixedDelay(() -> {
                long silent = client.streamSilentMillis();
                if (silent > deadline) {
                    LOG.warnf("Meshfleet sent nothing for %d ms (heartbeats every %d ms): reconnecting", silent, heartbeat);
                    stop();
                    client.closeStream();
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
        long contact = hello.contactMillis();
        if (contact > 0) {
            // first call at a random point of the period: a fleet reconnected together does not call in step
            long first = ThreadLocalRandom.current().nextLong(contact / 2, contact + 1);
            aliveCalls = TIMER.scheduleWithFixedDelay(() -> client.alive().whenComplete((status, failure) -> {
                if (failure == null && status == 401) {
                    client.closeStream(); // reconnecting gets the 401 too, and the agent stops
                }
                // unreachable or another failure: the silence check or the stream itself notices
            }), first, contact, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops watching (the stream ended). */
    synchronized void stop() {
        if (silenceCheck != null) {
            silenceCheck.cancel(false);
            silenceCheck = null;
        }
        if (aliveCalls != null) {
            aliveCalls.cancel(false);
            aliveCalls = null;
        }
    }
}
