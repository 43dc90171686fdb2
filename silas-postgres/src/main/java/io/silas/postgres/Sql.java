package io.silas.postgres;

import io.silas.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Statement helpers: bind parameters in order, run, and read JSON records from column 1. */
final class Sql {
    private Sql() {
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = bind(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    static <T> List<T> list(Connection c, Class<T> type, String sql, Object... params) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = bind(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Json.read(rs.getString(1), type));
            }
        }
        return List.copyOf(out);
    }

    static <T> Optional<T> one(Connection c, Class<T> type, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = bind(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Json.read(rs.getString(1), type)) : Optional.empty();
        }
    }

    static long longValue(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = bind(c, sql, params); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("statement returned no row: " + sql);
            }
            return rs.getLong(1);
        }
    }

    static List<String> strings(Connection c, String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = bind(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return List.copyOf(out);
    }

    /** The wire spelling of an enum constant (its lower-case name), as the shared mapper writes it. */
    static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static PreparedStatement bind(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }
}
