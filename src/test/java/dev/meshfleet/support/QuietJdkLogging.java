package dev.meshfleet.support;

/**
 * The benchmarks run outside Quarkus with jboss-logmanager on the classpath, which then answers the JDK's
 * {@code System.Logger}s, unconfigured, as logging everything: the JDK HTTP client's internal debug loggers were on,
 * and formatting their messages took about 40 % of the fleet simulator's CPU (JFR). Warnings and errors only: at INFO,
 * a thousand in-process agents would each print every apply. Meshfleet itself, the agent included, runs with Quarkus's
 * logging configuration (INFO) and is not affected. Call before creating HTTP clients.
 */
public final class QuietJdkLogging {
    private QuietJdkLogging() {
    }

    public static void apply() {
        org.jboss.logmanager.LogContext.getLogContext().getLogger("").setLevel(java.util.logging.Level.WARNING);
        // the agents' own logging (jboss-logging) then goes to java.util.logging: warnings only there too
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        if (System.getLogger("jdk.internal.httpclient.debug").isLoggable(System.Logger.Level.DEBUG)) {
            throw new IllegalStateException("the JDK HTTP client's debug logging is still on");
        }
    }
}
