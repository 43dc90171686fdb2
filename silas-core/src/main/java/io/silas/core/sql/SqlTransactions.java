package io.silas.core.sql;

/**
 * Read and write transactions of one SQL store backend. A {@link io.silas.core.error.SilasException} thrown by the
 * work rolls back and passes through unchanged; SQL failures become {@code SilasException}s with the {@code DB_*}
 * codes. How writes are serialised (one writer, row locks, retries) is the backend's.
 */
public interface SqlTransactions {
    /**
     * Runs {@code work} in one read-only transaction (one snapshot for all its statements).
     *
     * @param <T> the type of the value
     * @param work the work
     * @return the t
     */
    <T> T read(RowWork<T> work);

    /**
     * Runs {@code work} in one write transaction, committed when it returns.
     *
     * @param <T> the type of the value
     * @param work the work
     * @return the t
     */
    <T> T write(RowWork<T> work);
}
