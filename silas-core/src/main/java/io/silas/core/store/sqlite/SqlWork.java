package io.silas.core.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work run by {@link Database} inside one transaction on a connection it lends. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
