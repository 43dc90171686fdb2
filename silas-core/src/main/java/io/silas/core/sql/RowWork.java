package io.silas.core.sql;

import java.sql.SQLException;

/** A unit of store work run inside one transaction on the statements {@link SqlTransactions} lends it. */
@FunctionalInterface
public interface RowWork<T> {
    /**
     * Runs the work; an exception rolls the transaction back.
     *
     * @param rows the rows
     * @return the t
     * @throws SQLException if the database fails
     */
    T run(SqlRows rows) throws SQLException;
}
