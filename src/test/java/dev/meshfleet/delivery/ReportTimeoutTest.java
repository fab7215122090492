package dev.meshfleet.delivery;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.error.ServiceUnavailableException;

/** A report not stored in time is a 503 the agent retries (ServiceUnavailableException maps to 503), never a 500. */
class ReportTimeoutTest {
    @Test
    void aReportNotStoredInTimeIsServiceUnavailable() {
        var e = assertThrows(ServiceUnavailableException.class,
                () -> ReportWriter.awaitStored(new CompletableFuture<>(), Duration.ofMillis(20)));
        assertTrue(e.getMessage().contains("send it again"), e.getMessage());
    }

    @Test
    void aStoredReportReturnsAndAFailedOneKeepsItsProblem() {
        ReportWriter.awaitStored(CompletableFuture.completedFuture(null), Duration.ofSeconds(1));
        CompletableFuture<Void> failed = CompletableFuture.failedFuture(dev.meshfleet.delivery.AgentCredentials.unknown());
        assertThrows(dev.meshfleet.common.error.UnauthorizedException.class,
                () -> ReportWriter.awaitStored(failed, Duration.ofSeconds(1)));
    }
}
