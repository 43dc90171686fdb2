package io.silas.core.observe;

import org.jspecify.annotations.Nullable;

/**
 * One running operation ({@link SilasObserver#start}). Tags are low-cardinality (bounded sets: scope kind, lane, gate
 * name, outcome, error code); ids are high-cardinality correlation values (scope, turn, work item) that go on traces
 * but never become metric dimensions. Not thread-safe: used and closed by the thread that started it.
 */
public interface OperationScope extends AutoCloseable {
    /**
     * Adds a low-cardinality tag (a metric dimension and a span attribute).
     *
     * @param key   one of {@link ObservationKeys}' tag keys
     * @param value a value from a bounded set
     * @return this scope
     */
    OperationScope tag(String key, String value);

    /**
     * Adds a high-cardinality correlation value (a span attribute only).
     *
     * @param key   one of {@link ObservationKeys}' id keys
     * @param value the id, or null to add nothing
     * @return this scope
     */
    OperationScope id(String key, @Nullable String value);

    /**
     * Marks the operation failed: tags {@link ObservationKeys#OUTCOME} {@code error} and
     * {@link ObservationKeys#ERROR_CODE} with the failure's code ({@code internal} for an exception that is not a
     * {@code SilasException}).
     *
     * @param failure what the operation threw
     * @return this scope
     */
    OperationScope error(Throwable failure);

    /** Ends the operation (idempotent). */
    @Override
    void close();
}
