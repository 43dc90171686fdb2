package io.silas.sqlite;

import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import io.silas.core.memory.ReingestionTier;
import io.silas.core.memory.sql.SqlMemoryStore;
import io.silas.core.sql.RowWork;
import io.silas.core.sql.SqlRows;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The memory store on SQLite ({@link SqlMemoryStore}) with the external-content FTS5 index {@code memories_fts} over
 * content and semantic tags (kept in step by triggers). A keyword's candidates come from the index, newest first,
 * and the statement stops at its limit, so a search reads a bounded part of the index however long the scope's
 * history is. (FTS5's {@code bm25} was not kept: it reads every posting of every query term, across all scopes, on
 * every search.) Update and delete check the stored memory inside the single writer's transaction.
 *
 * <p>User text never reaches FTS5 as syntax: the query is reduced to {@link MemoryStore#keywords keywords}
 * and each keyword is sent as a double-quoted FTS5 string (inner quotes doubled), so operators, column filters,
 * prefixes and parentheses in the input are searched for as plain words or dropped as punctuation.
 */
final class SqliteMemoryStore extends SqlMemoryStore {
    private static final String INSERT = "INSERT INTO memories(scope_id, memory_id, lane, memory_type, session_id, "
            + "content, tags, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(scope_id, memory_id) DO NOTHING";
    private static final String UPDATE = "UPDATE memories SET memory_type = ?, session_id = ?, content = ?, tags = ?, "
            + "item = ? WHERE scope_id = ? AND memory_id = ?";
    /**
     * One keyword's newest memories of a scope and lane in one lane's full-text index (V12: {@code memories_fts} =
     * active, {@code memories_raw_fts} = raw; V16: each row carries its scope as one token): the match is the scope's
     * token AND the keyword, the index drives the join (CROSS JOIN keeps that order) in descending rowid order, so the
     * statement stops after {@code LIMIT} matches of the scope, whatever other scopes hold. The join re-checks the
     * scope and lane exactly.
     */
    private static final String CANDIDATES = "SELECT %1$s.rowid FROM %1$s CROSS JOIN memories m "
            + "ON m.seq = %1$s.rowid WHERE %1$s MATCH ? AND m.scope_id = ? AND m.lane = ? "
            + "ORDER BY %1$s.rowid DESC LIMIT ?";
    private static final String CANDIDATES_ACTIVE = CANDIDATES.formatted("memories_fts");
    private static final String CANDIDATES_RAW = CANDIDATES.formatted("memories_raw_fts");

    private final Database db;

    SqliteMemoryStore(Database db) {
        super(new SqliteTransactions(db), SELECT_ONE);
        this.db = db;
    }

    @Override
    protected String insert(MemoryItem item) {
        String json = Json.write(item);
        return db.write(s -> insert(s, item, json));
    }

    /** All items in one write transaction: all are stored or none (a used id is {@code INVALID_INPUT}). */
    @Override
    public void storeAll(List<MemoryItem> items) {
        if (items == null) {
            throw SilasException.invalid("memory_items", "must not be null");
        }
        List<MemoryItem> checked = new ArrayList<>(items.size());
        List<String> json = new ArrayList<>(items.size());
        for (MemoryItem item : items) {
            checked.add(MemoryStore.requireLane(item, ReingestionTier.ACTIVE));
            json.add(Json.write(item));
        }
        if (checked.isEmpty()) {
            return;
        }
        db.write(s -> {
            for (int i = 0; i < checked.size(); i++) {
                insert(s, checked.get(i), json.get(i));
            }
            return null;
        });
    }

    /**
     * Inserts a checked item (and so its FTS rows, via the triggers) within the caller's write; shared with the
     * inbox, which writes raw items in the transaction of their chronicle entry. A used id is {@code INVALID_INPUT}.
     */
    static String insert(Session s, MemoryItem item, String json) throws SQLException {
        return inserted(Rows.update(s, INSERT, item.scopeId(), item.memoryId(), Rows.wire(item.reingestionTier()),
                Rows.wire(item.memoryType()), item.sessionId(), item.content(), tags(item), json), item);
    }

    @Override
    protected RowWork<Integer> rewrite(MemoryItem item, String json) {
        return rows -> rows.update(UPDATE, SqlRows.wire(item.memoryType()), item.sessionId(), item.content(),
                tags(item), json, item.scopeId(), item.memoryId());
    }

    @Override
    protected KeywordQuery keywordQuery(String scopeId, ReingestionTier lane) {
        String sql = lane == ReingestionTier.ACTIVE ? CANDIDATES_ACTIVE : CANDIDATES_RAW;
        String scopeToken = HexFormat.of().withUpperCase().formatHex(scopeId.getBytes(StandardCharsets.UTF_8));
        return (rows, keyword, limit, matched) -> rows.eachLong(sql, matched, scopeMatch(scopeToken, keyword), scopeId,
                SqlRows.wire(lane), limit);
    }

    /** A keyword as an FTS5 string literal (inner quotes doubled): searched for as a plain word. */
    static String matchExpression(String keyword) {
        return "\"" + keyword.replace("\"", "\"\"") + "\"";
    }

    /**
     * The FTS5 query of one keyword in one scope: the scope's token ({@code hex(scope_id)}, as the V16 triggers index
     * it) in the scope column AND the keyword in content or tags.
     */
    static String scopeMatch(String scopeToken, String keyword) {
        return "scope : \"" + scopeToken + "\" AND {content tags} : " + matchExpression(keyword);
    }

    private static String tags(MemoryItem item) {
        return String.join(" ", item.semanticTags());
    }
}
