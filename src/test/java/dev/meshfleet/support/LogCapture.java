package dev.meshfleet.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the server logs while a test runs (Quarkus routes every logging API through JBoss LogManager, which is
 * java.util.logging's manager in tests, so a handler on the root logger sees every record). Close it to stop.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    /** A record as it would read in the log: level, category, message and the messages of its causes. */
    public record Line(Level level, String category, String text) {
        @Override
        public String toString() {
            return level + " [" + category + "] " + text;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder text = new StringBuilder(message(record));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            text.append(" | ").append(t);
        }
        lines.add(new Line(record.getLevel(), String.valueOf(record.getLoggerName()), text.toString()));
    }

    private static String message(LogRecord record) {
        if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
            return String.valueOf(ext.getFormattedMessage());
        }
        return String.valueOf(record.getMessage());
    }

    public List<Line> lines(Predicate<Line> which) {
        return lines.stream().filter(which).toList();
    }

    /** Transaction manager warnings and errors of any kind: what a clean run never logs. */
    public List<Line> transactionTroubleAndErrors() {
        return lines(l -> l.text().contains("ARJUNA") || l.text().contains("without active transaction")
                || l.level().intValue() >= Level.SEVERE.intValue());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
