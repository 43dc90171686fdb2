package io.silas.core.store.sqlite;

import java.sql.SQLException;

/**
 * Carries an {@link SQLException} through code that cannot throw checked exceptions (iterators over a
 * result set); {@link Database} unwraps it and classifies the cause like any other SQL error.
 */
final class SqlFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqlFailure(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    SQLException sqlCause() {
        return (SQLException) getCause();
    }
}
