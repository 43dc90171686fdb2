package io.silas.gates;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Consecutive-failure circuit breaker. CLOSED: calls pass; {@code threshold} consecutive failures open it.
 * OPEN: calls are refused until {@code openFor} has passed on the clock. HALF-OPEN (after that): calls pass; the
 * next success closes it, the next failure reopens it at once. Thread-safe (all transitions are synchronized).
 */
final class CircuitBreaker {
    private final Clock clock;
    private final int threshold;
    private final Duration openFor;
    private int consecutiveFailures;
    private @Nullable Instant openUntil;

    CircuitBreaker(Clock clock, int threshold, Duration openFor) {
        this.clock = clock;
        this.threshold = threshold;
        this.openFor = openFor;
    }

    /** Whether a call may go through now. */
    synchronized boolean allows() {
        return openUntil == null || !clock.instant().isBefore(openUntil);
    }

    synchronized void onSuccess() {
        consecutiveFailures = 0;
        openUntil = null;
    }

    synchronized void onFailure() {
        consecutiveFailures++;
        if (openUntil != null || consecutiveFailures >= threshold) {
            openUntil = clock.instant().plus(openFor);
        }
    }
}
