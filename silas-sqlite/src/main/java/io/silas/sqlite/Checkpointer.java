package io.silas.sqlite;

import io.silas.core.error.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed WAL frames back into the database file on its own thread and connection. SQLite's automatic
 * checkpoint runs inside the commit that crosses its threshold, so one caller's write (and every write queued behind
 * it) would wait for a thousand pages to be copied and synced; here the writer connection runs with
 * {@code wal_autocheckpoint=0} and reports its commits, and this thread checkpoints once about as many writes have
 * committed as SQLite's default threshold would allow.
 *
 * <p>Each round first runs a {@code PASSIVE} checkpoint without the write lock (the bulk of the copying, concurrent
 * with new commits), then a second one under the write lock, which copies only the frames committed meanwhile and
 * leaves the log fully copied, so that the next write restarts the WAL from its beginning and the file does not grow
 * under steady load. Durability is unchanged: frames are copied only after their commit
 * was synced, and with {@code synchronous=FULL} SQLite syncs the database file before it reuses the log.
 *
 * <p>A busy checkpoint is retried at the next round; a corrupt database is reported to the owner (which then fails
 * closed); other errors are logged and retried. Thread-safe.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    /** Writes committed between checkpoints: about SQLite's default of 1,000 pages at a few pages per write. */
    static final int WRITES_PER_CHECKPOINT = 300;

    /** Receives a corruption found while checkpointing. */
    @FunctionalInterface
    interface CorruptionListener {
        void corrupt(SQLException cause);
    }

    private final Connection connection;
    private final Lock writeLock;
    private final CorruptionListener onCorrupt;
    private final String name;
    private final AtomicInteger pendingWrites = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    Checkpointer(Connection connection, Lock writeLock, CorruptionListener onCorrupt, String name) {
        this.connection = connection;
        this.writeLock = writeLock;
        this.onCorrupt = onCorrupt;
        this.name = name;
        this.thread = new Thread(this::loop, "silas-sqlite-checkpoint");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Called by the writer after a commit of {@code writes} writes; wakes the thread once enough have piled up. */
    void committed(int writes) {
        if (pendingWrites.addAndGet(writes) >= WRITES_PER_CHECKPOINT) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        while (!closed) {
            if (pendingWrites.get() < WRITES_PER_CHECKPOINT) {
                LockSupport.park(this);
                continue;
            }
            pendingWrites.set(0);
            try {
                checkpoint();
                writeLock.lock();
                try {
                    checkpoint();
                } finally {
                    writeLock.unlock();
                }
            } catch (SQLException e) {
                handle(e);
            }
        }
    }

    /** One {@code PASSIVE} checkpoint of the frames committed so far. */
    private void checkpoint() throws SQLException {
        if (closed) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
    }

    private void handle(SQLException e) {
        ErrorCode code = SqliteErrors.classify(e);
        if (code == ErrorCode.DB_CORRUPT) {
            onCorrupt.corrupt(e);
        } else if (code != ErrorCode.DB_BUSY && !closed) {
            LOG.warn("checkpoint of {} failed ({}); retrying after more writes", name, SqliteErrors.describe(e));
        }
    }

    /** Stops the thread (waiting for a running checkpoint) and closes its connection. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the checkpoint connection of {} failed: {}", name, e.getMessage());
        }
    }
}
