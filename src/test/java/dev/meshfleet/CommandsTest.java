package dev.meshfleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/**
 * Which program a command line starts. The server only ever starts from {@code Main} (it needs the Quarkus launcher),
 * so here "the server" is {@link Commands#run} answering with no exit code, which is when {@code Main} calls
 * {@code Quarkus.run}; {@code MainCommandTest} runs {@code Main} itself as a process.
 */
class CommandsTest {
    record Run(OptionalInt exit, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OptionalInt exit = Commands.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsOrQuarkusOptionsStartTheServerAsBefore() {
        assertEquals(OptionalInt.empty(), run().exit());
        // a native executable takes -D system properties on its command line; they reach Quarkus untouched
        assertEquals(OptionalInt.empty(), run("-Dquarkus.http.port=9090").exit());
        assertEquals(OptionalInt.empty(), run("--quarkus.profile=dev").exit());
    }

    @Test
    void everyCommandHasHelpOnStdoutWithExit0() {
        for (String help : List.of("help", "--help", "-h")) {
            Run top = run(help);
            assertEquals(OptionalInt.of(0), top.exit());
            assertTrue(top.out().startsWith("usage: meshfleet [COMMAND] [OPTIONS]"), top.out());
            for (String command : Commands.NAMES) {
                assertTrue(top.out().contains("\n  " + command + " "), command + " missing from:\n" + top.out());
            }
            assertTrue(top.out().contains("exit codes: 0 success, 1 the intent has errors, 2 bad usage"), top.out());
        }
        for (String command : List.of("render", "validate", "agent")) {
            for (String help : List.of("--help", "-h", "help")) {
                Run r = run(command, help);
                assertEquals(OptionalInt.of(0), r.exit(), command + " " + help + ": " + r.err());
                assertTrue(r.out().startsWith("usage: meshfleet " + command + " "), r.out());
                assertTrue(r.out().contains("exit codes"), r.out());
            }
            assertEquals(run(command, "--help"), run("help", command));
        }
        Run agent = run("agent", "--help");
        for (String option : List.of("--server URL", "--bootstrap-token T", "--credential-file F",
                "--credential-secret NS/NAME", "--health-port P", "MESHFLEET_SERVER_URL", "--trust-interval D",
                "MESHFLEET_TRUST_INTERVAL", "--istiod-address HOST:PORT", "MESHFLEET_ISTIOD_ADDRESS")) {
            assertTrue(agent.out().contains(option), "agent help lacks " + option);
        }
        assertEquals("", agent.err());
    }

    @Test
    void anUnknownCommandIsRefusedWithTheListAndASuggestion() {
        Run typo = run("rendr", "-f", "x.yaml");
        assertEquals(OptionalInt.of(2), typo.exit());
        assertEquals("", typo.out());
        assertEquals("meshfleet: unknown command 'rendr'; did you mean render?\ncommands: render, validate, agent, help "
                + "(run with no command to start the server; 'meshfleet help' for more)\n", typo.err());

        Run far = run("deploy");
        assertEquals(OptionalInt.of(2), far.exit());
        assertTrue(far.err().startsWith("meshfleet: unknown command 'deploy'\ncommands: "), far.err());
        assertEquals(OptionalInt.of(2), run("help", "rendr").exit());
        assertEquals(OptionalInt.of(2), run("").exit());
        assertTrue(run("bad\u001b[2J").err().startsWith("meshfleet: unknown command 'bad\\u001b[2J'"), "no terminal escapes");
    }

    @Test
    void suggestionsAreForNearMisses() {
        assertEquals(Optional.of("render"), Commands.suggestion("rendr"));
        assertEquals(Optional.of("render"), Commands.suggestion("Render"));
        assertEquals(Optional.of("validate"), Commands.suggestion("valdiate"));
        assertEquals(Optional.of("validate"), Commands.suggestion("val"));
        assertEquals(Optional.of("agent"), Commands.suggestion("agnet"));
        assertEquals(Optional.empty(), Commands.suggestion("serve"));
        assertEquals(Optional.empty(), Commands.suggestion("x"));
    }

    @Test
    void theAgentRefusesUnknownOptionsBeforeStarting() {
        Run r = run("agent", "--sever", "http://meshfleet.example");
        assertEquals(OptionalInt.of(2), r.exit());
        assertTrue(r.err().startsWith("meshfleet agent: unknown option --sever\nusage: meshfleet agent"), r.err());
        Run port = run("agent", "--server", "http://127.0.0.1:1", "--health-port", "http");
        assertEquals(OptionalInt.of(2), port.exit());
        assertTrue(port.err().contains("the health port must be a number from 0 to 65535, not 'http'"), port.err());
        Run interval = run("agent", "--server", "http://127.0.0.1:1", "--trust-interval", "5 minutes");
        assertEquals(OptionalInt.of(2), interval.exit());
        assertTrue(interval.err().contains("the trust interval must be a duration of at least 100ms such as 30s, 500ms or "
                + "2m, not '5 minutes'"), interval.err());
        assertEquals(OptionalInt.of(2), run("agent", "--server", "http://127.0.0.1:1", "--trust-interval", "50ms").exit());
        Run istiod = run("agent", "--server", "http://127.0.0.1:1", "--istiod-address", "istiod.istio-system.svc");
        assertEquals(OptionalInt.of(2), istiod.exit());
        assertTrue(istiod.err().contains("the istiod address must be host:port, not 'istiod.istio-system.svc'"),
                istiod.err());
    }

    @Test
    void trustIntervalsReadAsOperatorsWriteThem() {
        assertEquals(java.time.Duration.ofSeconds(30), dev.meshfleet.agent.AgentMain.interval("30s"));
        assertEquals(java.time.Duration.ofSeconds(45), dev.meshfleet.agent.AgentMain.interval("45"));
        assertEquals(java.time.Duration.ofMillis(200), dev.meshfleet.agent.AgentMain.interval("200ms"));
        assertEquals(java.time.Duration.ofMinutes(2), dev.meshfleet.agent.AgentMain.interval("2m"));
        assertEquals(null, dev.meshfleet.agent.AgentMain.interval("99ms"));
        assertEquals(null, dev.meshfleet.agent.AgentMain.interval("-1s"));
    }
}
