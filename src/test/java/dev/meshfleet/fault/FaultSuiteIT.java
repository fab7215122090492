package dev.meshfleet.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The short fault suite of the test run ({@code ./mvnw verify}, after packaging): a few runs of {@link FaultSuite} on
 * its own three-replica topology. More runs, or a failed run replayed: {@code scripts/fault-suite RUNS SEED}, or here
 * {@code -Dmeshfleet.fault.runs=N -Dmeshfleet.fault.seed=S}.
 */
class FaultSuiteIT {
    @Test
    void everyRunEndsConvergedWithNothingLostRepeatedOrReordered() throws Exception {
        Path keys = Files.createTempDirectory("meshfleet-fault-keys");
        Process p = new ProcessBuilder("java", "src/test/java/dev/meshfleet/bench/BenchKeys.java", keys.toString())
                .inheritIO().start();
        assertEquals(0, p.waitFor(), "key pair and token for the suite's replicas");
        int runs = Integer.getInteger("meshfleet.fault.runs", 3);
        long seed = Long.getLong("meshfleet.fault.seed", System.nanoTime());
        assertEquals(0, FaultSuite.run(Path.of("").toAbsolutePath(), keys, runs, seed),
                "failed runs of the fault suite (seed " + seed + ", details above)");
    }
}
