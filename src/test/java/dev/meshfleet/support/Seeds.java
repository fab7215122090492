package dev.meshfleet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The seed scenario (the Istio guide's payment-service) as intent: the README's first example. */
public final class Seeds {
    public static final String PAYMENTS = read("deploy/examples/payments-mesh.yaml");

    private Seeds() {
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
