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

    /**
     * The intent with its canary route at {@code canaryWeight} % and the stable one at the rest. Through a placeholder:
     * replacing the stable 90 and then the canary 10 in turn made 90/90 whenever the canary weight was 90.
     */
    public static String withCanaryWeight(String intent, int canaryWeight) {
        return intent.replace("weight: 90", "weight: STABLE").replace("weight: 10", "weight: " + canaryWeight)
                .replace("weight: STABLE", "weight: " + (100 - canaryWeight));
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
