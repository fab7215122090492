package dev.meshfleet.delivery;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.error.ServiceUnavailableException;
import dev.meshfleet.common.error.UnauthorizedException;
import dev.meshfleet.protocol.Report;

/**
 * A report not stored in time is a 503 the agent retries (ServiceUnavailableException maps to 503), never a 500; so is
 * one the writer could not store, or one arriving while too many wait.
 */
class ReportTimeoutTest {
    @Test
    void aReportNotStoredInTimeIsServiceUnavailable() {
        Throwable e = failure(ReportWriter.answerWhenStored(new CompletableFuture<>(), Duration.ofMillis(20)));
        assertInstanceOf(ServiceUnavailableException.class, e);
        assertTrue(e.getMessage().contains("send it again"), e.getMessage());
    }

    @Test
    void aStoredReportIsAnsweredAndAFailedOneKeepsItsProblem() throws Exception {
        ReportWriter.answerWhenStored(CompletableFuture.completedFuture(null), Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS);
        assertInstanceOf(UnauthorizedException.class, failure(ReportWriter.answerWhenStored(
                CompletableFuture.failedFuture(AgentCredentials.unknown()), Duration.ofSeconds(1))));
        // anything else (the writer stopping, a database error) is no reason for a 500: the agent sends it again
        assertInstanceOf(ServiceUnavailableException.class, failure(ReportWriter.answerWhenStored(
                CompletableFuture.failedFuture(new IllegalStateException("report not written")), Duration.ofSeconds(1))));
    }

    @Test
    void reportsBeyondTheWaitingBoundAreToldToComeBack() {
        ReportWriter writer = new ReportWriter(null, null, null); // not started: nothing takes reports from its queue
        Report report = new Report("payments", 1, null, null, null, java.util.List.of(), null, null);
        for (int i = 0; i < ReportWriter.MAX_PENDING; i++) {
            writer.submit("hash", report);
        }
        var e = assertThrows(ServiceUnavailableException.class, () -> writer.submit("hash", report));
        assertTrue(e.getMessage().contains("send it again"), e.getMessage());
    }

    private static Throwable failure(CompletableFuture<Void> answer) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
        return e.getCause();
    }
}
