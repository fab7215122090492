package dev.meshfleet.intent.analysis;

import dev.meshfleet.intent.analysis.OtherMesh;

import dev.meshfleet.intent.analysis.IntentAnalyzer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.cli.RenderCli;
import dev.meshfleet.support.Seeds;

/**
 * Null entries inside lists are the validator's to refuse; whether or not it does, the analysis must not throw on them
 * (it did: an NPE in servedHosts became a 500, and a stack trace in the CLI).
 */
class NullEntriesTest {
    static final String NULL_SERVER_HOST = Seeds.PAYMENTS.replace("hosts: [api.techoral.com]\n          tls:",
            "hosts: [null]\n          tls:");

    @Test
    void analysisToleratesANullServerHost() {
        MeshIntent intent = IntentCodec.parse(NULL_SERVER_HOST, false);
        assertDoesNotThrow(() -> IntentAnalyzer.analyze(intent, List.of()));
        assertDoesNotThrow(() -> IntentAnalyzer.analyze(IntentCodec.parse(Seeds.PAYMENTS, false),
                List.of(new OtherMesh("other", intent, java.util.Set.of("c1")))));
    }

    @Test
    void theCliNeverPrintsAStackTrace() {
        for (String command : List.of("render", "validate")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            RenderCli.run(new String[] { command, "-f", "-" },
                    new ByteArrayInputStream(NULL_SERVER_HOST.getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertFalse(all.contains("\tat ") || all.contains("Exception:"), all);
        }
    }
}
