package dev.meshfleet.agent;

import java.util.concurrent.ThreadFactory;

/** The agent's background threads: named for thread dumps, daemons so that they never keep a stopping JVM alive. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
