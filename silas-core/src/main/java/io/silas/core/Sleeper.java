package io.silas.core;

import java.time.Duration;

/**
 * Waits for a backoff, injected wherever a retry waits so tests can move a clock instead of sleeping. The default
 * sleeps the calling thread. Implementations must be thread-safe and must throw {@link InterruptedException} when
 * the waiting thread is interrupted.
 */
@FunctionalInterface
public interface Sleeper {
    /**
     * Waits for {@code duration} (nothing for zero or negative).
     *
     * @param duration wall time of the run
     * @throws InterruptedException if interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Sleeps the calling thread ({@link Thread#sleep(long)}).
     *
     * @return the sleeper
     */
    static Sleeper system() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        };
    }
}
