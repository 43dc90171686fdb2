package io.silas.core.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The statements of one open transaction, for tables that keep each record as JSON in one column next to
 * copied-out key columns: parameters are bound in order, records are read from column 1 through the shared mapper.
 * Lent by {@link SqlTransactions} to one unit of work; not to be kept after it returns.
 */
public interface SqlRows {
    /**
     * Runs an INSERT/UPDATE/DELETE; returns the number of rows changed.
     *
     * @param sql the sql
     * @param params the params
     * @return the int
     * @throws SQLException if the database fails
     */
    int update(String sql, Object... params) throws SQLException;

    /**
     * {@return the JSON record of column 1 of the first row, read as {@code type}, if any}
     *
     * @param <T> the type of the value
     * @param type the type
     * @param sql the sql
     * @param params the params
     * @throws SQLException if the database fails
     */
    <T> Optional<T> one(Class<T> type, String sql, Object... params) throws SQLException;

    /**
     * {@return the JSON records of column 1 of every row, read as {@code type}, in result order}
     *
     * @param <T> the type of the value
     * @param type the type
     * @param sql the sql
     * @param params the params
     * @throws SQLException if the database fails
     */
    <T> List<T> list(Class<T> type, String sql, Object... params) throws SQLException;

    /**
     * Column 1 of every row as text, in result order.
     *
     * @param sql the sql
     * @param params the params
     * @return the list
     * @throws SQLException if the database fails
     */
    List<String> strings(String sql, Object... params) throws SQLException;

    /**
     * Hands column 1 of every row as a number to {@code sink}, in result order (no boxing, no list).
     *
     * @param sql the sql
     * @param sink the sink
     * @param params the params
     * @throws SQLException if the database fails
     */
    void eachLong(String sql, LongConsumer sink, Object... params) throws SQLException;

    /**
     * {@return the wire spelling of an enum constant (its lower-case name), as the shared mapper writes it}
     *
     * @param value the new value
     */
    static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
