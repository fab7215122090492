package dev.meshfleet.agent;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.meshfleet.protocol.StreamEvents;

/**
 * Keeps the agent's stream to Meshfleet open: registers first when the agent has no credential yet, streams, and when
 * the stream ends reconnects with capped exponential backoff and full jitter (a fleet that lost a replica does not
 * come back in step). A stream that was up resets the backoff however it ended, so agents of a killed replica are back
 * on a survivor within a fraction of a second; {@link StreamWatch} ends a stream whose server went silent.
 */
final class StreamLoop {
    private static final long FIRST_BACKOFF_MILLIS = 250;

    /** What the agent does with the loop's outcomes. */
    interface Listener {
        /** An event of the open stream (a hello included). */
        void event(Object event);

        /** The stream ended or could not be opened; a reconnect follows after the backoff. */
        void disconnected();

        /** Meshfleet answered 401: the loop ends for good. */
        void revoked();
    }

    private final AgentClient client;
    private final AgentLog log;
    private final String bootstrapToken;
    private final Consumer<String> credentialSaver;
    private final long maxBackoffMillis;
    private final BooleanSupplier running;

    StreamLoop(AgentClient client, AgentLog log, String bootstrapToken, Consumer<String> credentialSaver,
            long maxBackoffMillis, BooleanSupplier running) {
        this.client = client;
        this.log = log;
        this.bootstrapToken = bootstrapToken;
        this.credentialSaver = credentialSaver;
        this.maxBackoffMillis = maxBackoffMillis;
        this.running = running;
    }

    /** Runs until the agent stops, is revoked or interrupted. */
    void run(Listener listener) {
        long backoff = FIRST_BACKOFF_MILLIS;
        StreamWatch watch = new StreamWatch(client);
        try {
            while (running.getAsBoolean()) {
                boolean[] heard = { false };
                String[] endAnnounced = { null }; // the server said why it ends the stream: no failure to report
                try {
                    if (client.credential() == null) {
                        log.registered(client.server(), client.register(bootstrapToken, Agent.VERSION));
                        credentialSaver.accept(client.credential());
                    }
                    client.stream(event -> {
                        heard[0] = true;
                        if (event instanceof StreamEvents.Hello hello) {
                            watch.watch(hello);
                        }
                        if (event instanceof StreamEvents.Reconnect reconnect) {
                            endAnnounced[0] = reconnect.reason() == null ? "no reason given" : reconnect.reason();
                            client.closeStream();
                            return;
                        }
                        listener.event(event);
                    });
                } catch (AgentClient.Unauthorized e) {
                    log.revoked();
                    listener.revoked();
                    return;
                } catch (IOException | java.io.UncheckedIOException e) {
                    // an agent being stopped closed its own stream: nothing was lost
                    if (endAnnounced[0] == null && running.getAsBoolean()) {
                        log.disconnected(e); // server or network away: try again later
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    watch.stop();
                }
                if (heard[0]) {
                    backoff = FIRST_BACKOFF_MILLIS;
                }
                if (!running.getAsBoolean()) {
                    return;
                }
                if (endAnnounced[0] != null) {
                    log.streamEnded(endAnnounced[0]);
                    continue; // at once: the server asked for it, and the load balancer picks the replica
                }
                listener.disconnected();
                Thread.sleep(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
                backoff = Math.min(backoff * 2, maxBackoffMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watch.stop();
        }
    }
}
