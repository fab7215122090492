package dev.meshfleet.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Events encoded once for many streams are the SSE format's events: every line of data its own data line. */
class SseFramesTest {
    private static String frame(String name, long id, String data) {
        return new String(SseFrames.frame(name, id, data), StandardCharsets.UTF_8);
    }

    @Test
    void oneLineOfJson() {
        assertEquals("event: desired\nid: 42\ndata: {\"meshes\":[]}\n\n", frame("desired", 42, "{\"meshes\":[]}"));
    }

    @Test
    void everyKindOfLineEndStartsADataLine() {
        assertEquals("event: e\nid: 1\ndata: a\ndata: b\ndata: c\ndata: d\ndata: \n\n", frame("e", 1, "a\nb\r\nc\rd\n"));
    }

    @Test
    void emptyDataIsOneEmptyDataLine() {
        assertEquals("event: e\nid: 1\ndata: \n\n", frame("e", 1, ""));
    }

    @Test
    void textBeyondAsciiIsUtf8() {
        byte[] bytes = SseFrames.frame("e", 1, "{\"name\":\"zürich-ü\"}");
        assertEquals("event: e\nid: 1\ndata: {\"name\":\"zürich-ü\"}\n\n", new String(bytes, StandardCharsets.UTF_8));
        assertEquals(2, bytes.length - "event: e\nid: 1\ndata: {\"name\":\"zürich-ü\"}\n\n".length());
    }
}
