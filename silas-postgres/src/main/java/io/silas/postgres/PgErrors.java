package io.silas.postgres;

import io.silas.core.error.ErrorCode;
import java.sql.SQLException;

/** Maps PostgreSQL SQLSTATEs to the SDK's storage error codes. */
final class PgErrors {
    private PgErrors() {
    }

    /**
     * {@code DB_BUSY} (retryable) for serialization failures, deadlocks, lock timeouts and cancelled statements;
     * {@code DB_CORRUPT} for data corruption and index corruption; {@code DB_FAILURE} for anything else.
     */
    static ErrorCode classify(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")
                        || state.equals("57014")) {
                    return ErrorCode.DB_BUSY;
                }
                if (state.equals("XX001") || state.equals("XX002")) {
                    return ErrorCode.DB_CORRUPT;
                }
            }
        }
        return ErrorCode.DB_FAILURE;
    }

    static String describe(SQLException e) {
        String message = e.getMessage();
        return (e.getSQLState() == null ? "" : "[" + e.getSQLState() + "] ")
                + (message == null ? e.getClass().getSimpleName() : message);
    }
}
