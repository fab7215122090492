package dev.meshfleet;

import java.util.OptionalInt;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, several programs: {@code render} and {@code validate} work offline on intent files, {@code agent} is
 * the in-cluster agent, {@code help} lists them; none of them starts the server or needs its database, broker or
 * identity provider. No argument (or Quarkus's own options) starts the server; any other word is an unknown command,
 * refused (see {@link Commands}).
 */
@QuarkusMain
public class Main {
    static {
        // Vert.x would answer a URI with bad %-encoding with an empty 400 before any route runs; HttpEdge does the same
        // check and answers in problem+json. Must be set before the HTTP server classes load.
        System.setProperty("vertx.disableURIValidation", "true");
    }

    public static void main(String... args) {
        OptionalInt exit = Commands.run(args, System.in, System.out, System.err);
        if (exit.isPresent()) {
            System.exit(exit.getAsInt());
        }
        Quarkus.run(args);
    }
}
