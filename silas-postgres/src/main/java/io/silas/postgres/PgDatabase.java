package io.silas.postgres;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Runs store work in transactions on a pooled {@link DataSource}: writes in one transaction at the session's isolation
 * level ({@code READ COMMITTED}, PostgreSQL's default; a stricter pool default only adds retries), retried a bounded
 * number of times when PostgreSQL reports a serialization failure or deadlock; reads in one
 * read-only {@code REPEATABLE READ} transaction so that a multi-statement read sees one snapshot. SQL failures become
 * {@link SilasException}s with the {@code DB_*} codes; a {@link SilasException} thrown by the work rolls back and
 * passes through unchanged.
 */
final class PgDatabase {
    private static final int MAX_ATTEMPTS = 5;
    private static final String READ_SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    private final DataSource dataSource;
    private final AtomicBoolean closed = new AtomicBoolean();

    PgDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    <T> T write(SqlWork<T> work) {
        return run(work, false);
    }

    <T> T read(SqlWork<T> work) {
        return run(work, true);
    }

    /**
     * Runs {@code work} on a connection in auto-commit mode: each statement is its own transaction, committed with
     * its one round trip (for work that is a single atomic statement). Failures map as for {@link #write}, without
     * retries.
     */
    <T> T autoCommit(SqlWork<T> work) {
        if (closed.get()) {
            throw new SilasException(ErrorCode.DB_FAILURE, "the PostgreSQL stores are closed");
        }
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new SilasException(PgErrors.classify(e), "PostgreSQL: " + PgErrors.describe(e), e);
        }
    }

    void close() {
        closed.set(true);
    }

    private <T> T run(SqlWork<T> work, boolean readOnly) {
        for (int attempt = 1; ; attempt++) {
            if (closed.get()) {
                throw new SilasException(ErrorCode.DB_FAILURE, "the PostgreSQL stores are closed");
            }
            try (Connection c = dataSource.getConnection()) {
                return inTransaction(c, work, readOnly);
            } catch (SQLException e) {
                ErrorCode code = PgErrors.classify(e);
                if (code == ErrorCode.DB_BUSY && attempt < MAX_ATTEMPTS) {
                    continue;
                }
                throw new SilasException(code, "PostgreSQL: " + PgErrors.describe(e), e);
            }
        }
    }

    private static <T> T inTransaction(Connection c, SqlWork<T> work, boolean readOnly) throws SQLException {
        c.setAutoCommit(false);
        try {
            if (readOnly) { // sent with the BEGIN in one round trip; no session setting to flip and reset
                try (Statement s = c.createStatement()) {
                    s.execute(READ_SNAPSHOT);
                }
            }
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }
}
