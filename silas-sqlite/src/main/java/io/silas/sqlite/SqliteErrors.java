package io.silas.sqlite;

import io.silas.core.error.ErrorCode;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * Maps SQLite result codes onto the DB error policy: busy and locked are transient (retry, then
 * {@link ErrorCode#DB_BUSY}); corrupt and not-a-database fail closed ({@link ErrorCode#DB_CORRUPT});
 * anything else is {@link ErrorCode#DB_FAILURE}.
 */
final class SqliteErrors {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private SqliteErrors() {
    }

    static ErrorCode classify(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                int code = primaryCode(sql);
                if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
                    return ErrorCode.DB_CORRUPT;
                }
                if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
                    return ErrorCode.DB_BUSY;
                }
            }
        }
        return ErrorCode.DB_FAILURE;
    }

    /** The primary (low byte) SQLite result code, preferring the driver's typed code. */
    private static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException sqlite && sqlite.getResultCode() != null) {
            return sqlite.getResultCode().code & 0xFF;
        }
        return e.getErrorCode() & 0xFF;
    }

    /** A short description for exception messages: the SQLite message, which never contains bound values. */
    static String describe(SQLException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
