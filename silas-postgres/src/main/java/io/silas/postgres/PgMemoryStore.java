package io.silas.postgres;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.memory.KeywordCandidates;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import io.silas.core.memory.MemoryType;
import io.silas.core.memory.ReingestionTier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link MemoryStore} in {@code memories}: each memory whole as JSON next to its full-text {@code tsvector}
 * ({@link SearchTerms}). Keyword search asks, per keyword, for that keyword's
 * {@link MemoryStore#candidatesPerKeyword newest} memories of the scope and lane ({@code terms @@ keyword}, newest
 * first, with a limit) and ranks the candidates by how many keywords they matched, ties in storage order
 * ({@link KeywordCandidates}), as the SQLite store does.
 */
final class PgMemoryStore implements MemoryStore {
    private static final String INSERT = "INSERT INTO memories(scope_id, memory_id, lane, memory_type, session_id, "
            + "terms, item) VALUES (?, ?, ?, ?, ?, ?::tsvector, ?) ON CONFLICT (scope_id, memory_id) DO NOTHING";
    private static final String UPDATE = "UPDATE memories SET memory_type = ?, session_id = ?, terms = ?::tsvector, "
            + "item = ? WHERE scope_id = ? AND memory_id = ?";
    private static final String SELECT_ONE = "SELECT item FROM memories WHERE scope_id = ? AND memory_id = ?";
    private static final String BY_TYPE = "SELECT item FROM memories WHERE scope_id = ? AND lane = 'active' "
            + "AND memory_type = ? ORDER BY seq";
    private static final String BY_SESSION = "SELECT item FROM memories WHERE scope_id = ? AND lane = 'active' "
            + "AND session_id = ? ORDER BY seq";
    private static final String CANDIDATES = "SELECT seq FROM memories WHERE scope_id = ? AND lane = ? "
            + "AND terms @@ CAST(? AS tsquery) ORDER BY seq DESC LIMIT ?";
    private static final String BY_SEQ = "SELECT item FROM memories WHERE seq = ?";

    private final PgDatabase db;

    PgMemoryStore(PgDatabase db) {
        this.db = db;
    }

    @Override
    public String store(MemoryItem item) {
        return insert(MemoryStore.requireLane(item, ReingestionTier.ACTIVE));
    }

    @Override
    public String storeRaw(MemoryItem item) {
        return insert(MemoryStore.requireLane(item, ReingestionTier.LOW_REINGESTION));
    }

    private String insert(MemoryItem item) {
        Prepared prepared = Prepared.of(item);
        return db.write(c -> insert(c, prepared));
    }

    /** A memory with its JSON and search terms, computed outside the transaction. */
    record Prepared(MemoryItem item, String json, String terms) {
        static Prepared of(MemoryItem item) {
            return new Prepared(item, Json.write(item), SearchTerms.vector(item));
        }
    }

    static String insert(Connection c, Prepared p) throws SQLException {
        MemoryItem item = p.item();
        if (Sql.update(c, INSERT, item.scopeId(), item.memoryId(), Sql.wire(item.reingestionTier()),
                Sql.wire(item.memoryType()), item.sessionId(), p.terms(), p.json()) == 0) {
            throw SilasException.invalid("memory_id", "already stored in this scope: " + item.memoryId());
        }
        return item.memoryId();
    }

    @Override
    public Optional<MemoryItem> get(String scopeId, String memoryId) {
        requireKey(scopeId, memoryId);
        return db.read(c -> Sql.one(c, MemoryItem.class, SELECT_ONE, scopeId, memoryId));
    }

    @Override
    public void update(MemoryItem item) {
        if (item == null) {
            throw SilasException.invalid("memory_item", "must not be null");
        }
        Prepared p = Prepared.of(item);
        db.write(c -> {
            MemoryItem stored = Sql.one(c, MemoryItem.class, SELECT_ONE + " FOR UPDATE", item.scopeId(),
                    item.memoryId()).orElseThrow(() -> new SilasException(ErrorCode.NOT_FOUND,
                            "no memory " + item.memoryId() + " in this scope"));
            MemoryStore.requireUpdatable(stored, item);
            return Sql.update(c, UPDATE, Sql.wire(item.memoryType()), item.sessionId(), p.terms(), p.json(),
                    item.scopeId(), item.memoryId());
        });
    }

    @Override
    public boolean delete(String scopeId, String memoryId) {
        requireKey(scopeId, memoryId);
        return db.write(c -> {
            Optional<MemoryItem> stored = Sql.one(c, MemoryItem.class, SELECT_ONE + " FOR UPDATE", scopeId, memoryId);
            if (stored.isEmpty()) {
                return false;
            }
            MemoryStore.requireDeletable(stored.get());
            return Sql.update(c, "DELETE FROM memories WHERE scope_id = ? AND memory_id = ?", scopeId, memoryId) == 1;
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
        return db.read(c -> Sql.list(c, MemoryItem.class, BY_SESSION, scopeId, sessionId));
    }

    @Override
    public List<MemoryItem> listByType(String scopeId, MemoryType type) {
        MemoryStore.requireScope(scopeId);
        if (type == null) {
            throw SilasException.invalid("memory_type", "must not be null");
        }
        return db.read(c -> Sql.list(c, MemoryItem.class, BY_TYPE, scopeId, Sql.wire(type)));
    }

    private List<MemoryItem> search(String scopeId, String query, int limit, ReingestionTier lane) {
        MemoryStore.requireScope(scopeId);
        List<String> keywords = MemoryStore.keywords(query);
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        if (SearchTerms.anyOf(keywords).isEmpty() || limit == 0) {
            return List.of();
        }
        int candidates = MemoryStore.candidatesPerKeyword(limit);
        return db.read(c -> {
            KeywordCandidates matched = new KeywordCandidates();
            for (String keyword : keywords) {
                String tsquery = SearchTerms.anyOf(List.of(keyword));
                if (tsquery.isEmpty()) {
                    continue;
                }
                for (String seq : Sql.strings(c, CANDIDATES, scopeId, Sql.wire(lane), tsquery, candidates)) {
                    matched.add(Long.parseLong(seq));
                }
            }
            List<MemoryItem> found = new ArrayList<>();
            for (long seq : matched.best(limit)) {
                found.add(Sql.one(c, MemoryItem.class, BY_SEQ, seq).orElseThrow());
            }
            return List.copyOf(found);
        });
    }

    private static void requireKey(String scopeId, String memoryId) {
        MemoryStore.requireScope(scopeId);
        if (memoryId == null || memoryId.isBlank()) {
            throw SilasException.invalid("memory_id", "must not be blank");
        }
    }
}
