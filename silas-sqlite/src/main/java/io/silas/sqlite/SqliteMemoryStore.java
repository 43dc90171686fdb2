package io.silas.sqlite;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.memory.KeywordCandidates;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import io.silas.core.memory.MemoryType;
import io.silas.core.memory.ReingestionTier;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@link MemoryStore} in {@code memories} with the external-content FTS5 index {@code memories_fts} over
 * content and semantic tags (kept in step by triggers). Keyword search asks the index, per keyword, for that
 * keyword's {@link MemoryStore#candidatesPerKeyword newest} memories of the scope and lane (the index hands them out
 * newest first and the statement stops at its limit, so a search reads a bounded part of the index however long the
 * scope's history is), then ranks the candidates by how many keywords they matched, ties in storage order. (FTS5's
 * {@code bm25} was not kept: it reads every posting of every query term, across all scopes, on every search.)
 *
 * <p>User text never reaches FTS5 as syntax: the query is reduced to {@link MemoryStore#keywords keywords}
 * and each keyword is sent as a double-quoted FTS5 string (inner quotes doubled), so operators, column filters,
 * prefixes and parentheses in the input are searched for as plain words or dropped as punctuation.
 */
final class SqliteMemoryStore implements MemoryStore {
    private static final String INSERT = "INSERT INTO memories(scope_id, memory_id, lane, memory_type, session_id, "
            + "content, tags, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(scope_id, memory_id) DO NOTHING";
    private static final String UPDATE = "UPDATE memories SET memory_type = ?, session_id = ?, content = ?, tags = ?, "
            + "item = ? WHERE scope_id = ? AND memory_id = ?";
    private static final String SELECT_ONE = "SELECT item FROM memories WHERE scope_id = ? AND memory_id = ?";
    /** Active-lane listings; the literal lane lets the planner use the partial indexes of migration V13. */
    static final String BY_TYPE = "SELECT item FROM memories WHERE scope_id = ? AND lane = 'active' "
            + "AND memory_type = ? ORDER BY seq";
    static final String BY_SESSION = "SELECT item FROM memories WHERE scope_id = ? AND lane = 'active' "
            + "AND session_id = ? ORDER BY seq";
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
    private static final String BY_SEQ = "SELECT item FROM memories WHERE seq = ?";

    private final Database db;

    SqliteMemoryStore(Database db) {
        this.db = db;
    }

    @Override
    public String store(MemoryItem item) {
        return insert(MemoryStore.requireLane(item, ReingestionTier.ACTIVE));
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

    @Override
    public String storeRaw(MemoryItem item) {
        return insert(MemoryStore.requireLane(item, ReingestionTier.LOW_REINGESTION));
    }

    private String insert(MemoryItem item) {
        String json = Json.write(item);
        return db.write(s -> insert(s, item, json));
    }

    /**
     * Inserts a checked item (and so its FTS rows, via the triggers) within the caller's write; shared with the
     * inbox, which writes raw items in the transaction of their chronicle entry. A used id is {@code INVALID_INPUT}.
     */
    static String insert(Session s, MemoryItem item, String json) throws SQLException {
        int inserted = Rows.update(s, INSERT, item.scopeId(), item.memoryId(), Rows.wire(item.reingestionTier()),
                Rows.wire(item.memoryType()), item.sessionId(), item.content(), tags(item), json);
        if (inserted == 0) {
            throw SilasException.invalid("memory_id", "already stored in this scope: " + item.memoryId());
        }
        return item.memoryId();
    }

    @Override
    public Optional<MemoryItem> get(String scopeId, String memoryId) {
        requireKey(scopeId, memoryId);
        return db.read(s -> Rows.one(s, MemoryItem.class, SELECT_ONE, scopeId, memoryId));
    }

    @Override
    public void update(MemoryItem item) {
        if (item == null) {
            throw SilasException.invalid("memory_item", "must not be null");
        }
        String json = Json.write(item);
        db.write(s -> {
            MemoryItem stored = stored(s, item.scopeId(), item.memoryId()).orElseThrow(() -> new SilasException(
                    ErrorCode.NOT_FOUND, "no memory " + item.memoryId() + " in this scope"));
            MemoryStore.requireUpdatable(stored, item);
            return Rows.update(s, UPDATE, Rows.wire(item.memoryType()), item.sessionId(), item.content(), tags(item),
                    json, item.scopeId(), item.memoryId());
        });
    }

    @Override
    public boolean delete(String scopeId, String memoryId) {
        requireKey(scopeId, memoryId);
        return db.write(s -> {
            Optional<MemoryItem> stored = stored(s, scopeId, memoryId);
            if (stored.isEmpty()) {
                return false;
            }
            MemoryStore.requireDeletable(stored.get());
            return Rows.update(s, "DELETE FROM memories WHERE scope_id = ? AND memory_id = ?", scopeId, memoryId) == 1;
        });
    }

    @Override
    public List<MemoryItem> searchKeyword(String scopeId, String query, int limit) {
        return search(scopeId, query, limit, ReingestionTier.ACTIVE);
    }

    @Override
    public List<MemoryItem> searchRaw(String scopeId, String query, int limit) {
        return search(scopeId, query, limit, ReingestionTier.LOW_REINGESTION);
    }

    @Override
    public List<MemoryItem> searchSession(String scopeId, String sessionId) {
        MemoryStore.requireScope(scopeId);
        if (sessionId == null || sessionId.isBlank()) {
            throw SilasException.invalid("session_id", "must not be blank");
        }
        return db.read(s -> Rows.list(s, MemoryItem.class, BY_SESSION, scopeId, sessionId));
    }

    @Override
    public List<MemoryItem> listByType(String scopeId, MemoryType type) {
        MemoryStore.requireScope(scopeId);
        if (type == null) {
            throw SilasException.invalid("memory_type", "must not be null");
        }
        return db.read(s -> Rows.list(s, MemoryItem.class, BY_TYPE, scopeId, Rows.wire(type)));
    }

    private List<MemoryItem> search(String scopeId, String query, int limit, ReingestionTier lane) {
        MemoryStore.requireScope(scopeId);
        List<String> keywords = MemoryStore.keywords(query);
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        if (keywords.isEmpty() || limit == 0) {
            return List.of();
        }
        String sql = lane == ReingestionTier.ACTIVE ? CANDIDATES_ACTIVE : CANDIDATES_RAW;
        int candidates = MemoryStore.candidatesPerKeyword(limit);
        String scopeToken = HexFormat.of().withUpperCase().formatHex(scopeId.getBytes(StandardCharsets.UTF_8));
        return db.read(s -> {
            KeywordCandidates matched = new KeywordCandidates();
            for (String keyword : keywords) {
                Rows.eachLong(s, sql, matched::add, scopeMatch(scopeToken, keyword), scopeId, Rows.wire(lane),
                        candidates);
            }
            List<MemoryItem> found = new ArrayList<>();
            for (long seq : matched.best(limit)) {
                found.add(Rows.one(s, MemoryItem.class, BY_SEQ, seq).orElseThrow());
            }
            return List.copyOf(found);
        });
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

    private static Optional<MemoryItem> stored(Session s, String scopeId, String memoryId) throws SQLException {
        return Rows.one(s, MemoryItem.class, SELECT_ONE, scopeId, memoryId);
    }

    private static String tags(MemoryItem item) {
        return String.join(" ", item.semanticTags());
    }

    private static void requireKey(String scopeId, String memoryId) {
        MemoryStore.requireScope(scopeId);
        if (memoryId == null || memoryId.isBlank()) {
            throw SilasException.invalid("memory_id", "must not be blank");
        }
    }
}
