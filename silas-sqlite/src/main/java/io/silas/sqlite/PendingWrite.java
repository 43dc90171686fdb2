package io.silas.sqlite;

import org.jspecify.annotations.Nullable;

/**
 * One caller's write waiting for the next group commit of {@link Database#write}: its work, its caller's thread, and
 * once the batch that ran it has committed (or failed) its result or failure. The outcome fields are written by the
 * leading caller before it sets the volatile {@code done}, so a caller that sees {@code done} sees its outcome;
 * {@code promoted} (set under the database's group monitor) hands this caller the lead.
 */
final class PendingWrite<T> {
    final SqlWork<T> work;
    final Thread thread;
    /** Whether the caller needs the write synced before it returns (else a later synced commit makes it durable). */
    final boolean synced;
    @Nullable T result;
    @Nullable RuntimeException failure;
    volatile boolean done;
    volatile boolean promoted;

    PendingWrite(SqlWork<T> work, Thread thread, boolean synced) {
        this.work = work;
        this.thread = thread;
        this.synced = synced;
    }

    T outcome() {
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
