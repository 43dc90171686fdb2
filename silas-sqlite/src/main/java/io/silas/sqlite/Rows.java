package io.silas.sqlite;

import io.silas.core.json.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Statement helpers for stores that keep each record as JSON in one column next to copied-out key columns:
 * bind parameters in order, run, and read the first column of each row back through the shared mapper.
 */
final class Rows {
    private Rows() {
    }

    /** Runs an INSERT/UPDATE/DELETE; returns the number of rows changed. */
    static int update(Session s, String sql, Object... params) throws SQLException {
        return bind(s, sql, params).executeUpdate();
    }

    /** The JSON records of column 1 of every row, read as {@code type}, in result order. */
    static <T> List<T> list(Session s, Class<T> type, String sql, Object... params) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = bind(s, sql, params).executeQuery()) {
            while (rs.next()) {
                out.add(Json.read(rs.getString(1), type));
            }
        }
        return List.copyOf(out);
    }

    /** The JSON record of column 1 of the first row, if any. */
    static <T> Optional<T> one(Session s, Class<T> type, String sql, Object... params) throws SQLException {
        try (ResultSet rs = bind(s, sql, params).executeQuery()) {
            return rs.next() ? Optional.of(Json.read(rs.getString(1), type)) : Optional.empty();
        }
    }

    /** Column 1 of the first row as a number (for {@code INSERT ... RETURNING}); no row is a failure. */
    static long longValue(Session s, String sql, Object... params) throws SQLException {
        try (ResultSet rs = bind(s, sql, params).executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("statement returned no row: " + sql);
            }
            return rs.getLong(1);
        }
    }

    /** Column 1 of every row as text, in result order. */
    static List<String> strings(Session s, String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = bind(s, sql, params).executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return List.copyOf(out);
    }

    /** Hands column 1 of every row as a number to {@code sink}, in result order (nothing boxed). */
    static void eachLong(Session s, String sql, LongConsumer sink, Object... params) throws SQLException {
        try (ResultSet rs = bind(s, sql, params).executeQuery()) {
            while (rs.next()) {
                sink.accept(rs.getLong(1));
            }
        }
    }

    /** The wire spelling of an enum constant (its lower-case name), as the shared mapper writes it. */
    static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static PreparedStatement bind(Session s, String sql, Object... params) throws SQLException {
        PreparedStatement ps = s.prepare(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
