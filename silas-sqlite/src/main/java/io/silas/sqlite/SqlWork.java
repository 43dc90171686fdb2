package io.silas.sqlite;

import java.sql.SQLException;

/** A unit of work run by {@link Database} inside one transaction on a session it lends. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Session session) throws SQLException;
}
