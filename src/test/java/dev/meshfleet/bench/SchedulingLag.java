package dev.meshfleet.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How late the simulator runs its own agents: a thread like theirs (a stream reader's, or a sync worker's) sleeps
 * 100 ms over and over and records how much longer each sleep took. Agents whose readers wait that long cannot read
 * their streams' heartbeats either: when this lag nears the agents' silence limit (two heartbeat periods), "the server
 * went silent" is the simulator's own doing, not the servers'.
 */
final class SchedulingLag {
    private static final long PERIOD_MILLIS = 100;
    private final AtomicLong maxLagNanos = new AtomicLong();

    SchedulingLag start(java.util.concurrent.ThreadFactory like) {
        Thread probe = like.newThread(() -> {
            while (true) {
                long before = System.nanoTime();
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long lag = System.nanoTime() - before - PERIOD_MILLIS * 1_000_000;
                maxLagNanos.accumulateAndGet(lag, Math::max);
            }
        });
        probe.setDaemon(true);
        probe.start();
        return this;
    }

    /** The longest lag since the last call, in milliseconds; starts over. */
    long takeMaxMillis() {
        return maxLagNanos.getAndSet(0) / 1_000_000;
    }
}
