package io.silas.postgres;

import io.silas.core.json.Json;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.ReingestionTier;
import io.silas.core.memory.sql.SqlMemoryStore;
import io.silas.core.sql.RowWork;
import io.silas.core.sql.SqlRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The memory store on PostgreSQL ({@link SqlMemoryStore}): each memory whole as JSON next to its full-text
 * {@code tsvector} ({@link SearchTerms}). A keyword's candidates are {@code terms @@ keyword}, newest first, with a
 * limit. Update and delete lock the stored row ({@code FOR UPDATE}) while they check it.
 */
final class PgMemoryStore extends SqlMemoryStore {
    private static final String INSERT = "INSERT INTO memories(scope_id, memory_id, lane, memory_type, session_id, "
            + "terms, item) VALUES (?, ?, ?, ?, ?, ?::tsvector, ?) ON CONFLICT (scope_id, memory_id) DO NOTHING";
    private static final String UPDATE = "UPDATE memories SET memory_type = ?, session_id = ?, terms = ?::tsvector, "
            + "item = ? WHERE scope_id = ? AND memory_id = ?";
    private static final String CANDIDATES = "SELECT seq FROM memories WHERE scope_id = ? AND lane = ? "
            + "AND terms @@ CAST(? AS tsquery) ORDER BY seq DESC LIMIT ?";

    private final PgDatabase db;

    PgMemoryStore(PgDatabase db) {
        super(new PgTransactions(db), SELECT_ONE + " FOR UPDATE");
        this.db = db;
    }

    @Override
    protected String insert(MemoryItem item) {
        Prepared prepared = Prepared.of(item);
        return db.write(c -> insert(c, prepared));
    }

    /** A memory with its JSON and search terms, computed outside the transaction. */
    record Prepared(MemoryItem item, String json, String terms) {
        static Prepared of(MemoryItem item) {
            return new Prepared(item, Json.write(item), SearchTerms.vector(item));
        }
    }

    /** Inserts within the caller's write (shared with the inbox); a used id is {@code INVALID_INPUT}. */
    static String insert(Connection c, Prepared p) throws SQLException {
        MemoryItem item = p.item();
        return inserted(Sql.update(c, INSERT, item.scopeId(), item.memoryId(), Sql.wire(item.reingestionTier()),
                Sql.wire(item.memoryType()), item.sessionId(), p.terms(), p.json()), item);
    }

    @Override
    protected RowWork<Integer> rewrite(MemoryItem item, String json) {
        String terms = SearchTerms.vector(item);
        return rows -> rows.update(UPDATE, SqlRows.wire(item.memoryType()), item.sessionId(), terms, json,
                item.scopeId(), item.memoryId());
    }

    @Override
    protected KeywordQuery keywordQuery(String scopeId, ReingestionTier lane) {
        return (rows, keyword, limit, matched) -> {
            String tsquery = SearchTerms.anyOf(List.of(keyword));
            if (!tsquery.isEmpty()) {
                rows.eachLong(CANDIDATES, matched, scopeId, SqlRows.wire(lane), tsquery, limit);
            }
        };
    }
}
