package io.silas.gates;

import io.silas.core.error.SilasException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the {@code llm} gate provider. Immutable; start from {@link #defaults()}.
 *
 * @param timeout          limit of one model call (default 8 s); a slower call is interrupted and counts as a failure
 * @param clock            time source of the circuit breaker
 * @param failureThreshold consecutive failures that open the circuit (default 3)
 * @param openFor          how long an open circuit skips the model (default 5 min); then one trial call decides
 * @param executor         where model calls run (null: a shared pool of daemon threads owned by the provider)
 */
public record LlmGateOptions(Duration timeout, Clock clock, int failureThreshold, Duration openFor,
                             @Nullable ExecutorService executor) {
    /** How long one model gate call may take before it counts as failed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(8);
    /** Default failure threshold ({@value}). */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    /** How long the circuit stays open after it trips. */
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofMinutes(5);

    /**
     * Checks and normalises the components; see the record documentation.
     *
     * @param timeout          limit of one model call (default 8 s); a slower call is interrupted and counts as a
     *                         failure
     * @param clock            time source of the circuit breaker
     * @param failureThreshold consecutive failures that open the circuit (default 3)
     * @param openFor          how long an open circuit skips the model (default 5 min); then one trial call decides
     * @param executor         where model calls run (null: a shared pool of daemon threads owned by the provider)
     *                         /
public
     */
    public LlmGateOptions {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw SilasException.invalid("timeout", "must be positive");
        }
        if (clock == null) {
            throw SilasException.invalid("clock", "is required");
        }
        if (failureThreshold <= 0) {
            throw SilasException.invalid("failure_threshold", "must be > 0");
        }
        if (openFor == null || openFor.isZero() || openFor.isNegative()) {
            throw SilasException.invalid("open_for", "must be positive");
        }
    }

    /**
     * 8 s timeout, UTC system clock, 3 failures open the circuit for 5 minutes, shared daemon pool.
     *
     * @return the llm gate options
     */
    public static LlmGateOptions defaults() {
        return new LlmGateOptions(DEFAULT_TIMEOUT, Clock.systemUTC(), DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_FOR, null);
    }

    /**
     * {@return a copy with timeout replaced}
     *
     * @param value the new value
     */
    public LlmGateOptions withTimeout(Duration value) {
        return new LlmGateOptions(value, clock, failureThreshold, openFor, executor);
    }

    /**
     * {@return a copy with clock replaced}
     *
     * @param value the new value
     */
    public LlmGateOptions withClock(Clock value) {
        return new LlmGateOptions(timeout, value, failureThreshold, openFor, executor);
    }

    /**
     * {@return a copy with circuit replaced}
     *
     * @param threshold the threshold
     * @param open the open
     */
    public LlmGateOptions withCircuit(int threshold, Duration open) {
        return new LlmGateOptions(timeout, clock, threshold, open, executor);
    }

    /**
     * {@return a copy with executor replaced}
     *
     * @param value the new value
     */
    public LlmGateOptions withExecutor(ExecutorService value) {
        return new LlmGateOptions(timeout, clock, failureThreshold, openFor, value);
    }
}
