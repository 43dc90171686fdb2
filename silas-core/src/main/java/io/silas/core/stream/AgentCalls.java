package io.silas.core.stream;

import io.silas.core.audit.AuditData;
import io.silas.core.Sleeper;
import io.silas.core.audit.AuditLog;
import io.silas.core.config.SilasConfig;
import io.silas.core.error.Correlation;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.observe.ObservationKeys;
import io.silas.core.observe.Operation;
import io.silas.core.observe.OperationScope;
import io.silas.core.observe.SilasObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs proxy and planner calls so a failing or stuck agent cannot hang a turn (docs/contracts.md#errors, LLM category:
 * bounded retry with backoff, then fallback):
 *
 * <ul>
 *   <li>each attempt runs on the agent executor while the turn waits at most {@code turns.agent_timeout_seconds};
 *       on timeout the attempt is cancelled (its thread interrupted) and counts as {@code LLM_UNAVAILABLE};</li>
 *   <li>a transient failure — {@code LLM_UNAVAILABLE} or another {@code SilasException} whose code is
 *       {@link ErrorCode#retryable()}, except {@code LLM_OUTPUT_INVALID} which {@code StructuredCalls} answers with
 *       its validation retry — is retried up to {@code turns.agent_retries} times after a backoff of
 *       {@code turns.agent_backoff_millis}, doubled each time, waited on the injected {@link Sleeper};</li>
 *   <li>every retry is charged to the scope's LLM rate limit and audited ({@value #EVENT_AGENT_RETRY} with agent,
 *       attempt, reason, error code, backoff); a refused charge ends the call with {@code ADMISSION_RATE_LIMITED};
 *   </li>
 *   <li>all attempts and backoffs stay within {@code turns.agent_deadline_seconds} (on the Stream's clock): an
 *       attempt waits at most the time left and a retry whose backoff would end past the deadline is not made.</li>
 * </ul>
 *
 * <p>The last failure is rethrown and the turn answers it with the agent's fallback. Any other exception (not a
 * {@code SilasException}, or a non-retryable code) is rethrown at once, and so is any failure once the turn's
 * thread is interrupted (a drain cancelling the turn). An agent that ignores the interrupt keeps
 * its own thread, never the turn's. Each call is one {@link Operation#AGENT_CALL} (retries included), and the agent's
 * thread runs with the turn's log correlation ({@link Correlation}). Thread-safe.
 */
final class AgentCalls {
    /** Audit event of one retry of a proxy or planner call. */
    static final String EVENT_AGENT_RETRY = "agent_retry";

    private final ExecutorService executor;
    private final SilasConfig.Turns turns;
    private final RateLimits limits;
    private final AuditLog audit;
    private final Clock clock;
    private final Sleeper sleeper;
    private final SilasObserver observer;

    AgentCalls(ExecutorService executor, SilasConfig.Turns turns, RateLimits limits, AuditLog audit, Clock clock,
               Sleeper sleeper, SilasObserver observer) {
        this.executor = executor;
        this.turns = turns;
        this.limits = limits;
        this.audit = audit;
        this.clock = clock;
        this.sleeper = sleeper;
        this.observer = observer;
    }

    /**
     * The call's result, after at most {@code 1 + turns.agent_retries} attempts. The caller has already charged the
     * first attempt to the scope's LLM rate limit.
     *
     * @throws SilasException {@code LLM_UNAVAILABLE} when the last attempt timed out, was interrupted or could not
     *     start; {@code ADMISSION_RATE_LIMITED} when the rate limit refused a retry; whatever the last attempt threw
     *     (unchecked) otherwise
     */
    <T> T call(String agent, String scopeId, int turn, Supplier<T> call) {
        try (OperationScope op = observer.start(Operation.AGENT_CALL)) {
            op.tag(ObservationKeys.AGENT, agent);
            try {
                T result = attempts(agent, scopeId, turn, call);
                op.tag(ObservationKeys.OUTCOME, "answered");
                return result;
            } catch (RuntimeException | Error e) {
                op.error(e);
                throw e;
            }
        }
    }

    private <T> T attempts(String agent, String scopeId, int turn, Supplier<T> call) {
        Instant deadline = clock.instant().plus(turns.agentDeadline());
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.between(clock.instant(), deadline);
            try {
                return once(agent, call, left.compareTo(turns.agentTimeout()) < 0 ? left : turns.agentTimeout());
            } catch (SilasException e) {
                Duration backoff = turns.agentBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
                if (!retryable(e) || attempt > turns.agentRetries() || Thread.currentThread().isInterrupted()
                        || clock.instant().plus(backoff).isAfter(deadline)) {
                    throw e;
                }
                if (!limits.llmCall(scopeId, turn)) {
                    throw new SilasException(ErrorCode.ADMISSION_RATE_LIMITED,
                            agent + " retry refused by the LLM rate limit", e);
                }
                audit.append(EVENT_AGENT_RETRY, retryData(agent, scopeId, turn, attempt + 1, e, backoff));
                backOff(agent, backoff);
            }
        }
    }

    private static boolean retryable(SilasException e) {
        return e.code().retryable() && e.code() != ErrorCode.LLM_OUTPUT_INVALID;
    }

    private static AuditData retryData(String agent, String scopeId, int turn, int attempt, SilasException failure,
                                       Duration backoff) {
        return AuditData.scope(scopeId).turn(turn).put("agent", agent).put("attempt", attempt)
                .reason(failure.code() == ErrorCode.LLM_UNAVAILABLE ? TurnProcessor.REASON_LLM_UNAVAILABLE
                        : failure.code().id())
                .put("error_code", failure.code().id()).put("backoff_millis", backoff.toMillis());
    }

    private void backOff(String agent, Duration backoff) {
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SilasException(ErrorCode.LLM_UNAVAILABLE, agent + " retry interrupted", e);
        }
    }

    private <T> T once(String agent, Supplier<T> call, Duration timeout) {
        Future<T> future;
        try {
            future = executor.submit(Correlation.propagate(call)::get);
        } catch (RejectedExecutionException e) {
            throw new SilasException(ErrorCode.LLM_UNAVAILABLE, agent + " call could not be started", e);
        }
        try {
            return future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new SilasException(ErrorCode.LLM_UNAVAILABLE,
                    agent + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new SilasException(ErrorCode.LLM_UNAVAILABLE, agent + " call interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SilasException(ErrorCode.LLM_UNAVAILABLE, agent + " call failed", cause);
        }
    }
}
