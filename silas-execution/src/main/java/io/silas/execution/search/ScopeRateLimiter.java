package io.silas.execution.search;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code limits.web_search_calls_per_minute_per_scope}: one Bucket4j token bucket per scope with that capacity,
 * refilled greedily over a minute (so a burst of N is allowed, then one call every 60/N seconds). Time comes
 * from the injected clock, so tests move it by hand. Thread-safe; one bucket per scope ever seen.
 */
final class ScopeRateLimiter {
    private final int perMinute;
    private final TimeMeter time;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    ScopeRateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.time = new ClockTimeMeter(clock);
    }

    /** Takes one call from the scope's budget; empty if allowed, else how long until the next call is. */
    Optional<Duration> tryAcquire(String scopeId) {
        Bucket bucket = buckets.computeIfAbsent(scopeId, s -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Bucket4j time from a {@link Clock}: nanoseconds since the epoch. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
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
}
