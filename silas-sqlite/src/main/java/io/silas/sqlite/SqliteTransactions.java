package io.silas.sqlite;

import io.silas.core.sql.RowWork;
import io.silas.core.sql.SqlRows;
import io.silas.core.sql.SqlTransactions;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/** The {@link Database}'s transactions for the shared store logic: each unit of work gets its session's {@link Rows}. */
record SqliteTransactions(Database db) implements SqlTransactions {
    @Override
    public <T> T read(RowWork<T> work) {
        return db.read(s -> work.run(new SessionRows(s)));
    }

    @Override
    public <T> T write(RowWork<T> work) {
        return db.write(s -> work.run(new SessionRows(s)));
    }

    /** One session's statements (compiled once per session and reused). */
    private record SessionRows(Session s) implements SqlRows {
        @Override
        public int update(String sql, Object... params) throws SQLException {
            return Rows.update(s, sql, params);
        }

        @Override
        public <T> Optional<T> one(Class<T> type, String sql, Object... params) throws SQLException {
            return Rows.one(s, type, sql, params);
        }

        @Override
        public <T> List<T> list(Class<T> type, String sql, Object... params) throws SQLException {
            return Rows.list(s, type, sql, params);
        }

        @Override
        public List<String> strings(String sql, Object... params) throws SQLException {
            return Rows.strings(s, sql, params);
        }

        @Override
        public void eachLong(String sql, LongConsumer sink, Object... params) throws SQLException {
            Rows.eachLong(s, sql, sink, params);
        }
    }
}
