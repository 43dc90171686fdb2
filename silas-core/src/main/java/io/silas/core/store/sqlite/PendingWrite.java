package io.silas.core.store.sqlite;

import org.jspecify.annotations.Nullable;

/**
 * One caller's write waiting for the next group commit of {@link Database#write}: its work, and once the batch that
 * ran it has committed (or failed) its result or failure. {@code done} is guarded by the database's group monitor;
 * the outcome fields are written by the leading caller before it sets {@code done} under that monitor.
 */
final class PendingWrite<T> {
    final SqlWork<T> work;
    @Nullable T result;
    @Nullable RuntimeException failure;
    boolean done;

    PendingWrite(SqlWork<T> work) {
        this.work = work;
    }

    T outcome() {
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
