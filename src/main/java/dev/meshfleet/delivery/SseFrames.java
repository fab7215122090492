package dev.meshfleet.delivery;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * Server-Sent Events encoded once and written as they are to every stream that gets them. A replica pushes the same
 * desired set to hundreds of agents at once; through the JAX-RS event sink each one was serialised, copied and encoded to
 * UTF-8 again per stream, a tenth of a replica's CPU during a fleet-wide change.
 */
public final class SseFrames {
    /** Writes a frame's bytes to one open event stream, as they are; the stage fails if the stream is gone. */
    @FunctionalInterface
    public interface Writer {
        CompletionStage<?> write(byte[] frame);
    }

    private SseFrames() {
    }

    /** The event as the SSE format has it: name, id, one {@code data:} line per line of data, then an empty line. */
    static byte[] frame(String name, long id, String data) {
        StringBuilder out = new StringBuilder(data.length() + name.length() + 40);
        out.append("event: ").append(name).append('\n').append("id: ").append(id).append('\n');
        int start = 0;
        while (true) {
            int end = nextLineEnd(data, start);
            out.append("data: ").append(data, start, end).append('\n');
            if (end == data.length()) {
                break;
            }
            start = end + (data.charAt(end) == '\r' && end + 1 < data.length() && data.charAt(end + 1) == '\n' ? 2 : 1);
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Where the line starting at {@code from} ends: CR, LF and CRLF all end a line in the SSE format. */
    private static int nextLineEnd(String data, int from) {
        for (int i = from; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return data.length();
    }
}
