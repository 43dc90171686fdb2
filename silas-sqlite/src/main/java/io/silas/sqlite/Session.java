package io.silas.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection of the {@link Database} plus its cache of compiled statements, lent to one
 * {@link SqlWork} at a time. Statements from {@link #prepare} are owned by the session: callers set
 * parameters and close only the result sets they open. Not thread-safe; the database serialises access.
 */
final class Session implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    Session(Connection connection) {
        this.connection = connection;
    }

    /** The compiled statement for the SQL, compiled on first use and reused afterwards. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /** Runs one parameterless statement (cached). */
    void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    /** Runs a script of several statements (the prepared path would run only the first). */
    void executeScript(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : statements.values()) {
            ps.close();
        }
        statements.clear();
        connection.close();
    }
}
