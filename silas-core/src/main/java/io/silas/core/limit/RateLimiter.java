package io.silas.core.limit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One Bucket4j token bucket per key (a scope, a client address, ...) with {@code capacity} tokens refilled
 * greedily over {@code period}: a burst of {@code capacity} is allowed, then one call every
 * {@code period / capacity}. Time comes from the injected {@link Clock} (as a Bucket4j {@link TimeMeter}), so tests
 * move it by hand and never sleep.
 *
 * <p><b>Shared.</b> Given {@link SharedBuckets} (several JVMs serving one assistant), the buckets live in that backend
 * instead and the limit holds for the cluster as a whole.
 *
 * <p>Thread-safe. Every operation on a key's bucket runs inside {@link ConcurrentHashMap#compute}, so it is atomic
 * per key. A bucket that has refilled completely is equivalent to a new one, so such buckets are dropped by a sweep
 * that runs after {@code max(4096, keys kept by the last sweep)} acquisitions (amortised O(1) per call): idle keys — scopes and
 * addresses not heard from for a period — cost nothing.
 */
public final class RateLimiter {
    /**
     * The audit event of every limit violation (docs/contracts.md#admission-and-rate-limits: logged as a security
     * event); its data comes from {@link #violation}.
     */
    public static final String EVENT_RATE_LIMITED = "rate_limited";

    private final String name;
    private final int capacity;
    private final Duration period;
    private final TimeMeter time;
    private final @Nullable SharedBuckets shared;
    private final BucketConfiguration configuration;
    private static final int MIN_SWEEP_INTERVAL = 4096;

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong sinceSweep = new AtomicLong();
    private volatile int sweepInterval = MIN_SWEEP_INTERVAL;

    private RateLimiter(String name, int capacity, Duration period, Clock clock, @Nullable SharedBuckets shared) {
        this.name = name;
        this.capacity = capacity;
        this.period = period;
        this.time = new ClockTimeMeter(clock);
        this.shared = shared;
        this.configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period)).build();
    }

    /**
     * A limiter of {@code capacity} calls per {@code period} per key.
     *
     * @param name the limit's configuration key (e.g. {@code llm_calls_per_minute_per_scope}), used in audits
     * @param capacity the capacity
     * @param period time between planned runs, positive
     * @param clock the clock to read time from
     * @return the rate limiter
     * @throws SilasException {@code INVALID_INPUT} for a blank name, a capacity {@code < 1}, a non-positive period or
     *     a null clock
     */
    public static RateLimiter of(String name, int capacity, Duration period, Clock clock) {
        return of(name, capacity, period, clock, null);
    }

    /**
     * A limiter whose buckets live in {@code shared} (a cluster's shared backend) when not null, else in this JVM.
     * With shared buckets, time is the backend's clock (Bucket4j's client-side clock of the JVM taking a token).
     *
     * @param name     the limit's configuration key, used in audits and as the shared buckets' namespace
     * @param capacity calls allowed per period (the burst size)
     * @param period   the refill period
     * @param clock    this JVM's clock
     * @param shared   the cluster's shared buckets, or null for buckets in this JVM
     * @return the limiter
     * @throws SilasException as {@link #of(String, int, Duration, Clock)}
     */
    public static RateLimiter of(String name, int capacity, Duration period, Clock clock,
                                 @Nullable SharedBuckets shared) {
        if (name == null || name.isBlank()) {
            throw SilasException.invalid("name", "must not be blank");
        }
        if (capacity < 1) {
            throw SilasException.invalid(name, "must be >= 1");
        }
        if (period == null || period.isZero() || period.isNegative()) {
            throw SilasException.invalid("period", "must be positive");
        }
        if (clock == null) {
            throw SilasException.invalid("clock", "is required");
        }
        return new RateLimiter(name, capacity, period, clock, shared);
    }

    /**
     * {@return a limiter of {@code capacity} calls per minute per key}
     *
     * @param name the name
     * @param capacity the capacity
     * @param clock the clock to read time from
     */
    public static RateLimiter perMinute(String name, int capacity, Clock clock) {
        return of(name, capacity, Duration.ofMinutes(1), clock);
    }

    /**
     * A limiter of {@code capacity} calls per minute per key whose buckets live in {@code shared} when not null.
     *
     * @param name     the limit's configuration key
     * @param capacity calls allowed per minute
     * @param clock    this JVM's clock
     * @param shared   the cluster's shared buckets, or null for buckets in this JVM
     * @return the limiter
     */
    public static RateLimiter perMinute(String name, int capacity, Clock clock, @Nullable SharedBuckets shared) {
        return of(name, capacity, Duration.ofMinutes(1), clock, shared);
    }

    /** {@return the limit's name, as given} */
    public String name() {
        return name;
    }

    /**
     * Calls allowed per period (the burst size).
     *
     * @return the int
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Takes one call from the key's budget; whether it was allowed.
     *
     * @param key the key
     * @return whether it holds
     */
    public boolean tryAcquire(String key) {
        return withBucket(key, bucket -> bucket.tryConsume(1));
    }

    /**
     * Takes one call; empty if allowed, else how long until the key's next call is allowed.
     *
     * @param key the key
     * @return the result, if any
     */
    public Optional<Duration> tryAcquireOrWait(String key) {
        ConsumptionProbe probe = withBucket(key, bucket -> bucket.tryConsumeAndReturnRemaining(1));
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /**
     * Takes as many of {@code wanted} calls as the key's budget holds.
     *
     * @param key the key
     * @param wanted the wanted
     * @return how many were granted, {@code 0..wanted}
     */
    public int acquireUpTo(String key, int wanted) {
        if (wanted <= 0) {
            return 0;
        }
        return (int) (long) withBucket(key, bucket -> bucket.tryConsumeAsMuchAsPossible(wanted));
    }

    /**
     * Audit data of a violation of this limit: {@code limit}, {@code per_period} (capacity), {@code period_seconds},
     * {@code <keyField>}, {@code error_code} and {@code security_event=true}.
     *
     * @param keyField the key field
     * @param key the key
     * @param code the error code
     * @return the object>
     */
    public Map<String, Object> violation(String keyField, String key, ErrorCode code) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("limit", name);
        data.put("per_period", capacity);
        data.put("period_seconds", period.toSeconds());
        data.put(keyField, key);
        data.put("error_code", code.id());
        data.put("security_event", true);
        return data;
    }

    /** Keys whose bucket is currently kept (those not yet refilled completely, plus any not swept yet). */
    int trackedKeys() {
        return buckets.size();
    }

    /** Drops every bucket that has refilled completely (it behaves exactly like a new one). */
    void sweep() {
        sinceSweep.set(0);
        for (String key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, bucket) -> bucket.getAvailableTokens() >= capacity ? null : bucket);
        }
        sweepInterval = Math.max(MIN_SWEEP_INTERVAL, buckets.size());
    }

    private <T> T withBucket(String key, Function<Bucket, T> operation) {
        if (key == null || key.isBlank()) {
            throw SilasException.invalid("key", "must not be blank");
        }
        if (shared != null) {
            return operation.apply(shared.bucket(name, key, configuration));
        }
        List<T> result = new ArrayList<>(1);
        buckets.compute(key, (k, existing) -> {
            Bucket bucket = existing != null ? existing : Bucket.builder()
                    .addLimit(configuration.getBandwidths()[0])
                    .withCustomTimePrecision(time)
                    .build();
            result.add(operation.apply(bucket));
            return bucket;
        });
        if (sinceSweep.incrementAndGet() >= sweepInterval) {
            sweep();
        }
        return result.get(0);
    }
}
