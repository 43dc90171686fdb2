package io.silas.postgres;

import io.silas.core.sql.RowWork;
import io.silas.core.sql.SqlRows;
import io.silas.core.sql.SqlTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/** The {@link PgDatabase}'s transactions for the shared store logic: each unit of work gets its connection's {@link Sql}. */
record PgTransactions(PgDatabase db) implements SqlTransactions {
    @Override
    public <T> T read(RowWork<T> work) {
        return db.read(c -> work.run(new ConnectionRows(c)));
    }

    @Override
    public <T> T write(RowWork<T> work) {
        return db.write(c -> work.run(new ConnectionRows(c)));
    }

    /** One pooled connection's statements (each prepared and closed per call). */
    private record ConnectionRows(Connection c) implements SqlRows {
        @Override
        public int update(String sql, Object... params) throws SQLException {
            return Sql.update(c, sql, params);
        }

        @Override
        public <T> Optional<T> one(Class<T> type, String sql, Object... params) throws SQLException {
            return Sql.one(c, type, sql, params);
        }

        @Override
        public <T> List<T> list(Class<T> type, String sql, Object... params) throws SQLException {
            return Sql.list(c, type, sql, params);
        }

        @Override
        public List<String> strings(String sql, Object... params) throws SQLException {
            return Sql.strings(c, sql, params);
        }

        @Override
        public void eachLong(String sql, LongConsumer sink, Object... params) throws SQLException {
            for (String value : Sql.strings(c, sql, params)) {
                sink.accept(Long.parseLong(value));
            }
        }
    }
}
