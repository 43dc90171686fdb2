package io.silas.core.limit;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/**
 * Bucket4j time read from an injected {@link Clock} (nanoseconds since the epoch), so local and shared buckets refill
 * on the host's clock and tests can move it.
 *
 * @param clock the clock buckets refill by
 */
public record ClockTimeMeter(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
