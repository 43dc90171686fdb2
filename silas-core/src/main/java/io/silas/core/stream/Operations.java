package io.silas.core.stream;

import io.silas.core.error.ErrorCategory;
import io.silas.core.error.ErrorCode;
import io.silas.core.observe.SilasObserver;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Operational state shared by the turn pipeline and the Stream: the rate limits, the background plan flows still in
 * flight (so a drain can wait for them), the first storage fault seen (which marks the runtime degraded,
 * docs/contracts.md#errors), and the observer metrics and traces go to. Thread-safe.
 */
final class Operations {
    private final RateLimits limits;
    private final SilasObserver observer;
    private final Set<CompletableFuture<?>> background = ConcurrentHashMap.newKeySet();
    private final AtomicReference<@Nullable ErrorCode> fault = new AtomicReference<>();

    Operations(RateLimits limits, SilasObserver observer) {
        this.limits = limits;
        this.observer = observer;
    }

    RateLimits limits() {
        return limits;
    }

    /** Where the turn pipeline reports operations and counters ({@link SilasObserver#none()} without one). */
    SilasObserver observer() {
        return observer;
    }

    /** Tracks a background stage (plan approval + execution) until it completes. */
    <T> CompletionStage<T> track(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        background.add(future);
        future.whenComplete((r, e) -> background.remove(future));
        return stage;
    }

    /** Background stages not yet completed. */
    int backgroundInFlight() {
        return background.size();
    }

    /**
     * Waits up to {@code timeout} (real time) for the tracked background stages.
     *
     * @return whether all completed
     */
    boolean awaitBackground(Duration timeout) throws InterruptedException {
        List<CompletableFuture<?>> pending = List.copyOf(background);
        if (pending.isEmpty()) {
            return true;
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true; // allOf fails only once every stage has completed
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Records a failure: a non-retryable storage fault marks the runtime degraded. */
    void recordFailure(ErrorCode code) {
        if (code.category() == ErrorCategory.DB && !code.retryable()) {
            fault.compareAndSet(null, code);
        }
    }

    /** The first storage fault seen, if any. */
    @Nullable ErrorCode fault() {
        return fault.get();
    }
}
