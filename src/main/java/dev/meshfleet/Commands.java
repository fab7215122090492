package dev.meshfleet;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import dev.meshfleet.agent.AgentMain;
import dev.meshfleet.render.cli.RenderCli;

/**
 * Chooses the program a command line asks for. The first argument names a command ({@code render}, {@code validate},
 * {@code agent}, {@code help}); with no argument, or one that starts with {@code -} (Quarkus's own, such as a native
 * executable's {@code -Dkey=value}, as before), the server starts. Any other word is a mistyped command: it is refused
 * with the list of commands instead of starting the server (which would then wait for a database and hang).
 */
public final class Commands {
    /** The commands, in the order help lists them. */
    static final List<String> NAMES = List.of("render", "validate", "agent", "help");

    static final String HELP = """
            usage: meshfleet [COMMAND] [OPTIONS]

            With no command, starts the Meshfleet server (REST API, agent endpoints, rollouts); it needs
            PostgreSQL, Kafka and an OIDC provider (see the README). The commands are programs of the same
            artifact that need none of them:

              render     print the Istio resources of an intent file for one cluster (multi-document YAML)
              validate   check an intent file: every finding, and the rendered output against Istio's CRDs
              agent      run the in-cluster agent that applies a cluster's desired state
              help       this help; 'meshfleet help COMMAND' (or 'meshfleet COMMAND --help') for a command's options

            exit codes: 0 success, 1 the intent has errors, 2 bad usage (an unknown command, a missing option, a
            file that cannot be read), 3 a Meshfleet bug (render, validate) or a revoked credential (agent)
            """;

    private Commands() {
    }

    /**
     * Runs the offline program the arguments name and returns its exit code, or nothing when the server should start.
     * The agent runs until it stops; the others return at once.
     */
    public static OptionalInt run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (startsServer(args)) {
            return OptionalInt.empty();
        }
        String command = args[0];
        return OptionalInt.of(switch (command) {
            case "render", "validate" -> RenderCli.run(args, in, out, err);
            case "agent" -> AgentMain.run(args, out, err);
            case "help", "-h", "--help" -> help(args, in, out, err);
            default -> unknown(command, err);
        });
    }

    /** No arguments, or options only: the server, as before commands existed. */
    static boolean startsServer(String[] args) {
        return args.length == 0 || args[0].startsWith("-") && !args[0].equals("-h") && !args[0].equals("--help");
    }

    private static int help(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 1) {
            out.print(HELP);
            return 0;
        }
        String topic = args[1];
        if (!NAMES.contains(topic) || topic.equals("help")) {
            return topic.equals("help") ? help(new String[] {"help"}, in, out, err) : unknown(topic, err);
        }
        return run(new String[] {topic, "--help"}, in, out, err).orElse(0);
    }

    private static int unknown(String command, PrintStream err) {
        err.print(unknownMessage(command));
        return 2;
    }

    static String unknownMessage(String command) {
        StringBuilder message = new StringBuilder("meshfleet: unknown command '").append(printable(command)).append("'");
        suggestion(command).ifPresent(s -> message.append("; did you mean ").append(s).append("?"));
        message.append("\ncommands: ").append(String.join(", ", NAMES))
                .append(" (run with no command to start the server; 'meshfleet help' for more)\n");
        return message.toString();
    }

    /** The command a typo was probably meant to be: within two edits (a swap counts as one), or a prefix of it. */
    static Optional<String> suggestion(String word) {
        String typed = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : NAMES) {
            int distance = typed.length() >= 3 && name.startsWith(typed) ? 0 : distance(typed, name);
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        int allowed = typed.length() <= 3 ? 1 : 2;
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** A command line may hold anything: control characters are shown escaped, and a long word is cut. */
    private static String printable(String word) {
        StringBuilder shown = new StringBuilder();
        word.codePoints().limit(64).forEach(c -> shown.append(Character.isISOControl(c)
                ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return word.codePointCount(0, word.length()) > 64 ? shown + "..." : shown.toString();
    }
}
