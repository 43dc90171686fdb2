package io.silas.sqlite;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The connections of one {@code silas.db}: a single writer connection serialised by a lock (writes are group-
 * committed in {@code BEGIN IMMEDIATE} transactions, and a failing write is undone alone, so a failure never leaves
 * a half-written row; see {@link #write}), a small pool of read-only connections that read a consistent WAL
 * snapshot without blocking the writer, and a {@link Checkpointer} that copies the WAL back into the file off the
 * commit path.
 *
 * <p>Error policy (docs/contracts.md#errors): busy/locked errors are retried with bounded exponential backoff and then
 * reported as {@link ErrorCode#DB_BUSY}; corruption marks the database failed and every later call throws
 * {@link ErrorCode#DB_CORRUPT} (fail closed); other SQL errors are {@link ErrorCode#DB_FAILURE}.
 * Thread-safe.
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Tunables; tests shorten the waits, production uses {@link #DEFAULT}. */
    record Settings(Duration busyTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff, int readers,
                    SqliteStores.Durability durability, boolean queryOnly) {
        static final Settings DEFAULT = new Settings(Duration.ofSeconds(2), 4, Duration.ofMillis(25),
                Duration.ofMillis(500), 2, SqliteStores.Durability.FULL, false);

        Settings(Duration busyTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff, int readers) {
            this(busyTimeout, maxAttempts, initialBackoff, maxBackoff, readers, SqliteStores.Durability.FULL, false);
        }

        Settings withDurability(SqliteStores.Durability value) {
            return new Settings(busyTimeout, maxAttempts, initialBackoff, maxBackoff, readers, value, queryOnly);
        }

        /** Every connection, the writer included, refuses writes ({@code PRAGMA query_only}). */
        Settings readOnly() {
            return new Settings(busyTimeout, maxAttempts, initialBackoff, maxBackoff, readers, durability, true);
        }
    }

    private final Path file;
    private final Settings settings;
    /** Most writes committed together. */
    private static final int MAX_GROUP = 256;

    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guards {@link #queued} and {@link #leading}; waiters park until their write is done or they are promoted. */
    private final Object group = new Object();
    private final ArrayDeque<PendingWrite<?>> queued = new ArrayDeque<>();
    private boolean leading;
    /** Whether the writer commits with the configured {@code synchronous} (else NORMAL); used under the write lock. */
    private boolean writerSyncsFully = true;
    private final Session writer;
    private final Checkpointer checkpointer;
    private final BlockingQueue<Session> readers;
    private volatile boolean closed;
    private volatile boolean corrupt;

    private Database(Path file, Settings settings, Connection writer, List<Connection> readerConnections,
                     Connection checkpointConnection) {
        this.file = file;
        this.settings = settings;
        this.writer = new Session(writer);
        this.readers = new ArrayBlockingQueue<>(Math.max(1, readerConnections.size()));
        readerConnections.forEach(c -> readers.add(new Session(c)));
        this.checkpointer = new Checkpointer(checkpointConnection, writeLock, this::checkpointFoundCorruption,
                file.toString());
    }

    /**
     * The pragmas every connection runs, in order. WAL lets readers proceed while one writer commits;
     * {@code synchronous} follows {@link SqliteStores.Durability} ({@code FULL} by default: the WAL is synced on
     * every commit so that a recorded nonce, approval or audit entry survives power loss once the call returns);
     * foreign keys are enforced; {@code busy_timeout} makes SQLite wait for a lock before reporting busy.
     */
    static List<String> pragmas(Settings settings) {
        return List.of(
                "PRAGMA journal_mode=WAL",
                "PRAGMA synchronous=" + settings.durability().name(),
                "PRAGMA foreign_keys=ON",
                "PRAGMA busy_timeout=" + settings.busyTimeout().toMillis());
    }

    static Database open(Path file, Settings settings) {
        Path absolute = file.toAbsolutePath();
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SilasException(ErrorCode.DB_FAILURE, "cannot create the directory of " + absolute + ": " + e, e);
        }
        if (!settings.queryOnly()) {
            DatabaseFileModes.ownerOnly(absolute);
        }
        List<Connection> opened = new ArrayList<>();
        try {
            Connection writer = connect(absolute, settings, settings.queryOnly());
            opened.add(writer);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA wal_autocheckpoint=0"); // the Checkpointer copies the log back, off the commit path
            }
            SqlFunctions.register(writer);
            List<Connection> readerConnections = new ArrayList<>();
            for (int i = 0; i < settings.readers(); i++) {
                Connection reader = connect(absolute, settings, true);
                opened.add(reader);
                readerConnections.add(reader);
            }
            Connection checkpointConnection = connect(absolute, settings, settings.queryOnly());
            opened.add(checkpointConnection);
            return new Database(absolute, settings, writer, readerConnections, checkpointConnection);
        } catch (SQLException e) {
            opened.forEach(Database::closeQuietly);
            ErrorCode code = SqliteErrors.classify(e);
            throw new SilasException(code, "cannot open " + absolute + ": " + SqliteErrors.describe(e), e);
        } catch (RuntimeException e) {
            opened.forEach(Database::closeQuietly);
            throw e;
        }
    }

    private static Connection connect(Path file, Settings settings, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setGetGeneratedKeys(false); // no store reads generated keys; the driver would query for them per INSERT
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            for (String pragma : pragmas(settings)) {
                if (pragma.startsWith("PRAGMA journal_mode")) {
                    try (ResultSet rs = s.executeQuery(pragma)) {
                        String mode = rs.next() ? rs.getString(1) : "";
                        if (!"wal".equals(mode.toLowerCase(Locale.ROOT))) {
                            throw new SilasException(ErrorCode.DB_FAILURE,
                                    "WAL journal mode is unavailable for " + file + " (got " + mode + ")");
                        }
                    }
                } else {
                    s.execute(pragma);
                }
            }
            if (readOnly) {
                s.execute("PRAGMA query_only=ON");
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /**
     * Runs the work atomically and durably (retrying busy errors): it returns only after its changes are committed,
     * and a work that throws leaves nothing behind.
     *
     * <p><b>Group commit.</b> Writes from concurrent threads are queued; one caller at a time leads: it runs every
     * queued work (up to {@value #MAX_GROUP}) in one {@code BEGIN IMMEDIATE} transaction (a failing work is rolled
     * back alone: the group runs again with a savepoint per work, and the caller gets its exception), then commits
     * once — one WAL sync for the whole group instead of one per write — and wakes the callers whose writes it
     * committed; it keeps leading until its own write is committed, then hands the lead to the oldest queued caller.
     * A caller is woken only for its own outcome or for the lead, never for every group. A busy or corrupt error
     * aborts and retries (or fails) the whole group; the works are then run again. Works therefore must have no effect
     * outside the session (they may run more than once; only the run that commits counts).
     */
    <T> T write(SqlWork<T> work) {
        return write(work, true);
    }

    /**
     * As {@link #write}, atomic and in commit order, but with {@link SqliteStores.Durability#FULL} it may return
     * before the WAL is synced: the write becomes durable with the next synced commit (any {@link #write} after it,
     * or a checkpoint). The WAL is replayed as a prefix after a crash, so a power loss can drop this write only
     * together with every later one, never alone. For a write that a later {@link #write} of the same flow always
     * follows before anything outside the database depends on it (the Stream's message record, which the turn's
     * completion syncs before the reply is sent).
     */
    <T> T writeUnsynced(SqlWork<T> work) {
        return write(work, false);
    }

    private <T> T write(SqlWork<T> work, boolean synced) {
        PendingWrite<T> mine = new PendingWrite<>(work, Thread.currentThread(), synced);
        synchronized (group) {
            queued.add(mine);
            if (!leading) {
                leading = true;
                mine.promoted = true;
            }
        }
        boolean interrupted = false;
        while (!mine.done && !mine.promoted) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true; // the write is queued and will run: wait for its real outcome
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.done) {
            return mine.outcome();
        }
        try {
            while (!mine.done) {
                List<PendingWrite<?>> batch = new ArrayList<>();
                synchronized (group) {
                    for (PendingWrite<?> next; batch.size() < MAX_GROUP && (next = queued.poll()) != null; ) {
                        batch.add(next);
                    }
                }
                try {
                    commit(batch);
                } finally {
                    for (PendingWrite<?> p : batch) {
                        p.done = true;
                        if (p != mine) {
                            LockSupport.unpark(p.thread);
                        }
                    }
                }
            }
        } finally {
            synchronized (group) {
                PendingWrite<?> next = queued.peek();
                if (next == null) {
                    leading = false;
                } else {
                    next.promoted = true;
                    LockSupport.unpark(next.thread);
                }
            }
        }
        return mine.outcome();
    }

    /** Commits one group on the writer; a group that cannot commit fails every write in it. */
    private void commit(List<PendingWrite<?>> batch) {
        writeLock.lock();
        try {
            withRetry(() -> commitGroup(batch));
        } catch (RuntimeException e) {
            batch.forEach(p -> p.failure = e);
        } catch (Error e) {
            SilasException failure = new SilasException(ErrorCode.DB_FAILURE, "database " + file + ": write failed", e);
            batch.forEach(p -> p.failure = failure);
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs the group in one transaction. The works run back to back first (no savepoints: the common case of a group
     * where nothing fails costs no savepoint statements); if one fails on its own, the transaction is rolled back and
     * (when the group has other works) run again with each work in its own savepoint, so that only the failing work
     * is undone.
     */
    private @Nullable Void commitGroup(List<PendingWrite<?>> batch) throws SQLException {
        ensureUsable();
        PendingWrite<?> failed = runInOneTransaction(batch, false);
        if (failed != null && batch.size() > 1) {
            runInOneTransaction(batch, true);
        }
        return null;
    }

    /**
     * One {@code BEGIN IMMEDIATE ... COMMIT} over the batch. Without savepoints the first failing work rolls back
     * the whole transaction and is returned (its failure recorded); with savepoints each failure is undone alone and
     * the rest commits. A busy or corrupt error always aborts the transaction and propagates.
     */
    private @Nullable PendingWrite<?> runInOneTransaction(List<PendingWrite<?>> batch, boolean savepoints)
            throws SQLException {
        syncCommitsIf(anySynced(batch));
        writer.execute("BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            for (PendingWrite<?> p : batch) {
                boolean ok = savepoints ? runInSavepoint(p) : run(p);
                if (!ok && !savepoints) {
                    return p;
                }
            }
            writer.execute("COMMIT");
            committed = true;
            checkpointer.committed(batch.size());
            return null;
        } finally {
            if (!committed) {
                rollbackQuietly(writer);
            }
        }
    }

    private static boolean anySynced(List<PendingWrite<?>> batch) {
        for (PendingWrite<?> p : batch) {
            if (p.synced) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets the writer's {@code synchronous} for the next commit: the configured level when a write of the group needs
     * its sync, else {@code NORMAL} (a WAL commit without a sync). Only FULL durability has anything to relax.
     */
    private void syncCommitsIf(boolean synced) throws SQLException {
        boolean full = synced || settings.durability() != SqliteStores.Durability.FULL;
        if (full != writerSyncsFully) {
            writer.execute(full ? "PRAGMA synchronous=" + settings.durability().name() : "PRAGMA synchronous=NORMAL");
            writerSyncsFully = full;
        }
    }

    /** Runs one work; its own failure is recorded (false), a busy/corrupt error propagates. */
    private <T> boolean run(PendingWrite<T> p) throws SQLException {
        p.result = null;
        p.failure = null;
        try {
            p.result = p.work.run(writer);
            return true;
        } catch (SQLException e) {
            ErrorCode code = SqliteErrors.classify(e);
            if (code == ErrorCode.DB_BUSY || code == ErrorCode.DB_CORRUPT) {
                throw e;
            }
            p.failure = new SilasException(code, "database " + file + ": " + SqliteErrors.describe(e), e);
        } catch (RuntimeException e) {
            p.failure = e;
        }
        return false;
    }

    /** Runs one work in a savepoint; its own failure is recorded and undone (false). */
    private <T> boolean runInSavepoint(PendingWrite<T> p) throws SQLException {
        writer.execute("SAVEPOINT w");
        if (run(p)) {
            writer.execute("RELEASE w");
            return true;
        }
        undo();
        return false;
    }

    private void undo() throws SQLException {
        writer.execute("ROLLBACK TO w");
        writer.execute("RELEASE w");
    }

    /** Runs the work in one read transaction on a pooled read-only connection (a consistent snapshot). */
    <T> T read(SqlWork<T> work) {
        return withRetry(() -> {
            Session s = borrow();
            try {
                s.execute("BEGIN");
                try {
                    return work.run(s);
                } finally {
                    rollbackQuietly(s);
                }
            } finally {
                release(s);
            }
        });
    }

    /** One try of a database operation. */
    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws SQLException;
    }

    private <T> T withRetry(Attempt<T> attempt) {
        Duration backoff = settings.initialBackoff();
        for (int tries = 1; ; tries++) {
            ensureUsable();
            SQLException failure;
            try {
                return attempt.run();
            } catch (SQLException e) {
                failure = e;
            }
            ErrorCode code = SqliteErrors.classify(failure);
            if (code == ErrorCode.DB_CORRUPT) {
                corrupt = true;
                LOG.error("SQLite database {} is corrupt; refusing further access", file);
                throw new SilasException(code, "database " + file + " is corrupt: " + SqliteErrors.describe(failure),
                        failure);
            }
            if (code != ErrorCode.DB_BUSY) {
                throw new SilasException(code, "database " + file + ": " + SqliteErrors.describe(failure), failure);
            }
            if (tries >= settings.maxAttempts()) {
                throw new SilasException(ErrorCode.DB_BUSY, "database " + file + " still busy after " + tries
                        + " attempts: " + SqliteErrors.describe(failure), failure);
            }
            sleep(backoff, failure);
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                    : backoff.multipliedBy(2);
        }
    }

    private static void sleep(Duration backoff, SQLException cause) {
        long millis = backoff.toMillis();
        long jitter = millis <= 1 ? 0 : ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        try {
            Thread.sleep(millis + jitter);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SilasException(ErrorCode.DB_BUSY, "interrupted while waiting for a busy database", cause);
        }
    }

    private void checkpointFoundCorruption(SQLException cause) {
        corrupt = true;
        LOG.error("SQLite database {} is corrupt (found while checkpointing): {}; refusing further access", file,
                SqliteErrors.describe(cause));
    }

    private void ensureUsable() {
        if (corrupt) {
            throw new SilasException(ErrorCode.DB_CORRUPT, "database " + file + " was found corrupt; access refused");
        }
        if (closed) {
            throw new SilasException(ErrorCode.DB_FAILURE, "database " + file + " is closed");
        }
    }

    private Session borrow() {
        try {
            Session s = readers.take();
            if (closed) {
                closeQuietly(s);
                ensureUsable();
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SilasException(ErrorCode.DB_BUSY, "interrupted while waiting for a read connection");
        }
    }

    private void release(Session s) {
        if (closed) {
            closeQuietly(s);
        } else {
            readers.add(s);
        }
    }

    private static void rollbackQuietly(Session s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction was active (BEGIN failed or COMMIT succeeded): nothing to undo.
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing a SQLite connection failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        checkpointer.close();
        List<Session> idle = new ArrayList<>();
        readers.drainTo(idle);
        idle.forEach(Database::closeQuietly);
        writeLock.lock();
        try {
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }
}
