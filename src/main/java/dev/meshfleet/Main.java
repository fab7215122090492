package dev.meshfleet;

import java.util.Set;

import dev.meshfleet.agent.AgentMain;
import dev.meshfleet.render.cli.RenderCli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, several programs: {@code render} and {@code validate} work offline on intent files, {@code agent} is
 * the in-cluster agent; none of them starts the server or needs its database, broker or identity provider. Anything
 * else starts the server.
 */
@QuarkusMain
public class Main {
    private static final Set<String> OFFLINE = Set.of("render", "validate");

    static {
        // Vert.x would answer a URI with bad %-encoding with an empty 400 before any route runs; HttpEdge does the same
        // check and answers in problem+json. Must be set before the HTTP server classes load.
        System.setProperty("vertx.disableURIValidation", "true");
    }

    public static void main(String... args) {
        if (args.length > 0 && OFFLINE.contains(args[0])) {
            System.exit(RenderCli.run(args, System.in, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("agent")) {
            System.exit(AgentMain.run(args, System.err));
        }
        Quarkus.run(args);
    }
}
