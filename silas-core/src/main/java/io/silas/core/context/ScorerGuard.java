package io.silas.core.context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the host scorer with a timeout behind a circuit breaker (docs/contracts.md#context-window): closed → open after
 * {@value #FAILURES_TO_OPEN} consecutive failures/timeouts; open for {@link #COOL_DOWN} on the injected clock,
 * then one trial call (half-open) that closes it on success or re-opens it on failure. Not thread-safe: used
 * under the owning manager's lock.
 */
final class ScorerGuard {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final int FAILURES_TO_OPEN = 3;
    static final Duration COOL_DOWN = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(ScorerGuard.class);

    private final @Nullable ContextScorer scorer;
    private final @Nullable Executor executor;
    private final Duration timeout;
    private final Clock clock;
    private int consecutiveFailures;
    private @Nullable Instant openedAt;

    ScorerGuard(@Nullable ContextScorer scorer, @Nullable Executor executor, Duration timeout, Clock clock) {
        this.scorer = scorer;
        this.executor = executor;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Whether the breaker currently refuses calls. */
    boolean open() {
        return openedAt != null && clock.instant().isBefore(openedAt.plus(COOL_DOWN));
    }

    /** The scorer's output, or empty when there is no scorer, the breaker is open, or the call failed. */
    Optional<ContextScorer.Output> score(ContextScorer.Request request) {
        if (scorer == null || executor == null || open()) {
            return Optional.empty();
        }
        ContextScorer target = scorer;
        CompletableFuture<ContextScorer.Output> call = CompletableFuture.supplyAsync(() -> target.score(request),
                executor);
        try {
            ContextScorer.Output output = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (output == null) {
                return failed("null output");
            }
            consecutiveFailures = 0;
            openedAt = null;
            return Optional.of(output);
        } catch (TimeoutException e) {
            call.cancel(true);
            return failed("timeout");
        } catch (ExecutionException e) {
            return failed(e.getCause() == null ? "error" : e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        }
    }

    private Optional<ContextScorer.Output> failed(String why) {
        consecutiveFailures++;
        if (consecutiveFailures >= FAILURES_TO_OPEN || openedAt != null) {
            openedAt = clock.instant();
        }
        LOG.warn("context scorer failed ({}); {} consecutive failures, breaker {}", why, consecutiveFailures,
                openedAt == null ? "closed" : "open");
        return Optional.empty();
    }
}
