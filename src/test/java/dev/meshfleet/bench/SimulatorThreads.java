package dev.meshfleet.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Threads for thousands of in-process agents. Each agent blocks on its stream and has a sync worker: as platform
 * threads, 10,000 agents are 20,000 threads, and starting them on a loaded 2-core machine took the simulator minutes
 * (its main thread waiting in {@code Thread.start} for each to be scheduled). On a JDK with virtual threads (21+; the
 * project compiles for 17, so they are looked up by reflection) the agents run on those instead ({@link #readers}
 * says when their stream readers should not).
 */
final class SimulatorThreads {
    private static final ThreadFactory VIRTUAL = virtualFactory();

    private SimulatorThreads() {
    }

    /** Whether agents get virtual threads (the JVM running the simulator has them). */
    static boolean virtual() {
        return VIRTUAL != null;
    }

    /** Factory for the agents' sync workers: virtual when available, else small-stack daemon platform threads. */
    static ThreadFactory factory(String name) {
        return VIRTUAL != null ? VIRTUAL : platform(name);
    }

    /**
     * Factory for the agents' stream readers: like the sync workers, or small-stack platform threads with
     * {@code MESHFLEET_BENCH_READER_THREADS=platform}. Virtual threads are not time-sliced: with 10,000 agents applying a
     * change, a virtual reader waited up to 8.6 s behind the others' CPU-bound apply work before it could read a
     * heartbeat. Platform readers are not starved that way (at 1,000 agents their lag fell from 1.9 s to 0.6 s), but
     * 10,000 of them made the machine's run queue about 100 deep while the fleet connected and it never finished
     * connecting; so virtual is the default.
     */
    static ThreadFactory readers(String name) {
        boolean platformReaders = "platform".equals(System.getenv("MESHFLEET_BENCH_READER_THREADS"));
        return platformReaders ? platform(name) : factory(name);
    }

    private static ThreadFactory platform(String name) {
        return runnable -> {
            Thread thread = new Thread(null, runnable, name, 256 * 1024);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static ThreadFactory virtualFactory() {
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Object ofVirtual = MethodHandles.publicLookup()
                    .findStatic(Thread.class, "ofVirtual", MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")))
                    .invoke();
            return (ThreadFactory) MethodHandles.publicLookup()
                    .findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class)).invoke(ofVirtual);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null; // a JDK before 21
        } catch (Throwable e) {
            throw new IllegalStateException("virtual threads exist but could not be used", e);
        }
    }
}
