package dev.meshfleet.render.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.meshfleet.Main;

/**
 * The packaged entry point, {@link Main}, run as its own process the way {@code java -jar quarkus-run.jar ARGS} runs it:
 * a mistyped command must end at once with exit code 2, not start the server (which, with no database, would hang).
 */
class MainCommandTest {
    /** Far more than the JVM needs to start and print; a server start would wait for its database much longer. */
    static final long BOUND_SECONDS = 60;

    record Exit(int code, String out, String err) {
    }

    static Exit main(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        File out = dir.resolve("out").toFile();
        File err = dir.resolve("err").toFile();
        Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("'" + String.join(" ", args) + "' still ran after " + BOUND_SECONDS + "s (did it start the server?); "
                    + "stderr: " + Files.readString(err.toPath(), StandardCharsets.UTF_8));
        }
        return new Exit(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownCommandExitsWith2AndListsTheCommandsInsteadOfStartingTheServer(@TempDir Path dir) throws Exception {
        Exit typo = main(dir, "rendr", "-f", "deploy/examples/payments-mesh.yaml");
        assertEquals(2, typo.code(), typo.err());
        assertEquals("", typo.out());
        assertEquals("meshfleet: unknown command 'rendr'; did you mean render?\n"
                + "commands: render, validate, agent, help (run with no command to start the server; 'meshfleet help' "
                + "for more)\n", typo.err());
    }

    @Test
    void helpAndTheOfflineCommandsRunThroughMain(@TempDir Path dir) throws Exception {
        Exit help = main(dir, "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("usage: meshfleet [COMMAND] [OPTIONS]"), help.out());

        Exit missing = main(dir, "validate", "-f", "no-such-intent.yaml");
        assertEquals(2, missing.code());
        assertEquals("meshfleet validate: no such file: no-such-intent.yaml\n", missing.err());
    }
}
