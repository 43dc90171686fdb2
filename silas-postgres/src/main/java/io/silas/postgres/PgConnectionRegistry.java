package io.silas.postgres;

import io.silas.core.connection.sql.SqlConnectionRegistry;

/**
 * The connection registry on PostgreSQL ({@link SqlConnectionRegistry}). Saving locks the stored row
 * ({@code FOR UPDATE}) while it checks the write-once fields, so two JVMs can never race an
 * {@code initial_permissions} change past the check.
 */
final class PgConnectionRegistry extends SqlConnectionRegistry {
    PgConnectionRegistry(PgDatabase db) {
        super(new PgTransactions(db), SELECT_ONE + " FOR UPDATE");
    }
}
