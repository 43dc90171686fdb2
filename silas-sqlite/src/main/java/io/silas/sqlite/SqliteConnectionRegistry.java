package io.silas.sqlite;

import io.silas.core.connection.sql.SqlConnectionRegistry;

/**
 * The connection registry on SQLite ({@link SqlConnectionRegistry}). Saving reads the stored record and upserts in
 * one write transaction; the {@link Database} runs one write at a time, so the write-once check cannot race.
 */
final class SqliteConnectionRegistry extends SqlConnectionRegistry {
    SqliteConnectionRegistry(Database db) {
        super(new SqliteTransactions(db), SELECT_ONE);
    }
}
