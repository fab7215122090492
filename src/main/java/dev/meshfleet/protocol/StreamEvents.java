package dev.meshfleet.protocol;

import java.util.List;

/**
 * The events of the agent's Server-Sent Event stream: their names and the JSON each carries. On every (re)connect the
 * server sends {@code hello} and then the complete desired set; afterwards a new {@code desired} set whenever it
 * changes, {@code heartbeat}s meanwhile, and {@code revoked} just before it closes a stream for good.
 */
public final class StreamEvents {
    public static final String HELLO = "hello";
    public static final String DESIRED = "desired";
    public static final String HEARTBEAT = "heartbeat";
    public static final String REVOKED = "revoked";

    /** The stream is open for this cluster; heartbeats follow every {@code heartbeatSeconds}. */
    public record Hello(String cluster, long heartbeatSeconds) {
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

    private StreamEvents() {
    }
}
