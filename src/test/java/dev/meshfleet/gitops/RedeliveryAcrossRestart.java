package dev.meshfleet.gitops;

import java.util.Optional;

import io.quarkus.arc.Arc;

/**
 * Hands a delivery accepted by one run of the application to the next run in the same test JVM (Quarkus restarts the
 * application between test profiles; system properties survive, beans and their memory do not). The boot id tells the
 * runs apart, so the later test knows it talks to a restarted application, not to the one that accepted the delivery.
 */
final class RedeliveryAcrossRestart {
    private static final String KEY = "meshfleet.test.gitops.accepted-delivery";

    private RedeliveryAcrossRestart() {
    }

    /** The two runs: Quarkus orders test classes by profile name, so these run one right after the other. */
    public static final class Run1 implements io.quarkus.test.junit.QuarkusTestProfile {
    }

    /** The second run starts on the database the first wrote (tests otherwise start from a clean one). */
    public static final class Run2 implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("quarkus.flyway.clean-at-start", "false");
        }
    }

    /** A delivery that an application run accepted: where it went, with which secret, and which run took it. */
    record Accepted(String hookPath, String secret, String deliveryId, String bootId) {
    }

    /** Identifies the running application (its CDI container is made afresh on every start). */
    static String bootId() {
        return Integer.toHexString(System.identityHashCode(Arc.container())) + "@"
                + Integer.toHexString(System.identityHashCode(Arc.container().instance(
                        dev.meshfleet.gitops.service.DeliveryService.class).get()));
    }

    static void publish(Hooks.Source source, String deliveryId) {
        System.setProperty(KEY, String.join(" ", source.hookPath(), source.secret(), deliveryId, bootId()));
    }

    static Optional<Accepted> take() {
        String value = System.getProperty(KEY);
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split(" ");
        return Optional.of(new Accepted(parts[0], parts[1], parts[2], parts[3]));
    }
}
