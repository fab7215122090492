package dev.meshfleet.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition of an asynchronous system (agents, Kafka, the engine), polling every 100 ms. */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
