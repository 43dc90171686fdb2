package io.silas.core.stream;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs proxy and planner calls with a deadline ({@code turns.agent_timeout_seconds}) so a stuck agent cannot hang a
 * turn: the call runs on the agent executor while the turn waits at most the timeout. On timeout the call is
 * cancelled (its thread interrupted) and {@code SilasException(LLM_UNAVAILABLE)} is thrown, which the turn answers
 * with the agent's fallback exactly like a thrown exception. An agent that ignores the interrupt keeps its own
 * thread, never the turn's. Thread-safe.
 */
final class AgentCalls {
    private final ExecutorService executor;
    private final Duration timeout;

    AgentCalls(ExecutorService executor, Duration timeout) {
        this.executor = executor;
        this.timeout = timeout;
    }

    /**
     * The call's result.
     *
     * @throws SilasException {@code LLM_UNAVAILABLE} on timeout, interruption or when the agent executor refuses
     *     the call; whatever the call threw (unchecked) otherwise
     */
    <T> T call(String agent, Supplier<T> call) {
        Future<T> future;
        try {
            future = executor.submit(call::get);
        } catch (RejectedExecutionException e) {
            throw new SilasException(ErrorCode.LLM_UNAVAILABLE, agent + " call could not be started", e);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new SilasException(ErrorCode.LLM_UNAVAILABLE,
                    agent + " did not answer within " + timeout.toSeconds() + " s", e);
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
