package io.silas.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work inside one transaction. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
