package io.silas.core.observe;

import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Receives what the runtime does, for metrics and traces: one {@link OperationScope} per operation, counters and
 * gauges. Plugged in with {@code StreamBuilder.observer(..)} and {@link Observers}; {@link #none()} records nothing.
 *
 * <p>Implementations must be thread-safe and cheap: the runtime calls them on every turn. They must not throw; a
 * failing observer must not fail the operation it observes.
 *
 * <p><b>Security guarantees:</b> the runtime hands an observer only ids, names from configuration (gate, agent,
 * tool, job kind) and fixed outcome words — never message text, secrets or tokens.
 */
public interface SilasObserver {
    /**
     * Starts an operation on the calling thread. The caller closes the returned scope on the same thread when the
     * operation ends (try-with-resources); operations started meanwhile on that thread are its children.
     *
     * @param operation what starts
     * @return the running operation, to tag and close
     */
    OperationScope start(Operation operation);

    /**
     * Counts one event.
     *
     * @param meter    what happened
     * @param tagValue the value of the meter's {@link SilasMeter#tagKey() tag}, or null for a meter without one
     */
    default void count(SilasMeter meter, @Nullable String tagValue) {
        count(meter, tagValue, 1);
    }

    /**
     * Counts {@code amount} events at once.
     *
     * @param meter    what happened
     * @param tagValue the value of the meter's {@link SilasMeter#tagKey() tag}, or null for a meter without one
     * @param amount   how many (zero registers the counter without counting)
     */
    void count(SilasMeter meter, @Nullable String tagValue, long amount);

    /**
     * Reports a value the runtime keeps (queue depth) whenever the observer reads it.
     *
     * @param gauge what the value is
     * @param value reads the current value; thread-safe
     */
    void gauge(SilasGauge gauge, IntSupplier value);

    /**
     * The observer that records nothing (the default).
     *
     * @return the shared no-op observer
     */
    static SilasObserver none() {
        return NoObserver.INSTANCE;
    }
}
