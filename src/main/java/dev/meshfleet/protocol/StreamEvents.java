package dev.meshfleet.protocol;

import java.util.List;

/**
 * The events of the agent's Server-Sent Event stream: their names and the JSON each carries. On every (re)connect the
 * server sends {@code hello} and then the complete desired set; afterwards a new {@code desired} set whenever it
 * changes, {@code heartbeat}s meanwhile, {@code revoked} just before it closes a stream for good, and {@code reconnect}
 * just before it ends a stream the agent should open again at once (its maximum age, the replica shutting down).
 */
public final class StreamEvents {
    public static final String HELLO = "hello";
    public static final String DESIRED = "desired";
    public static final String HEARTBEAT = "heartbeat";
    public static final String REVOKED = "revoked";
    public static final String RECONNECT = "reconnect";

    /**
     * The stream is open for this cluster. Heartbeats follow every {@code heartbeatMillis} (also given in whole seconds
     * for agents of the first protocol release): an agent that hears nothing for two of them takes the server for dead
     * and reconnects. The agent tells the server it is alive every {@code contactMillis} ({@link AgentProtocol#ALIVE_PATH});
     * 0 means the server does not ask for it.
     */
    public record Hello(String cluster, long heartbeatSeconds, long heartbeatMillis, long contactMillis) {
        public Hello(String cluster, long heartbeatSeconds) {
            this(cluster, heartbeatSeconds, heartbeatSeconds * 1000, 0);
        }

        /** The heartbeat period, from the newer field when the server sent it. */
        public long heartbeatPeriodMillis() {
            return heartbeatMillis > 0 ? heartbeatMillis : heartbeatSeconds * 1000;
        }
    }

    /** The complete desired set: a mesh missing from it is no longer the agent's to run. */
    public record DesiredSet(List<DesiredMesh> meshes) {
    }

    /** at: the server's clock (ISO-8601). */
    public record Heartbeat(String at) {
    }

    /** The credential was revoked or the cluster deleted; the server closes the stream. */
    public record Revoked(String reason) {
    }

    /**
     * The server is about to end this stream on purpose and the agent should reconnect at once (through the load
     * balancer, so possibly to another replica): nothing is wrong. Agents of the first protocol release skip the event
     * and see the stream end.
     */
    public record Reconnect(String reason) {
    }

    private StreamEvents() {
    }
}
