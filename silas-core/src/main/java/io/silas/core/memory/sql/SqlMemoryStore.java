package io.silas.core.memory.sql;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.memory.KeywordCandidates;
import io.silas.core.memory.MemoryItem;
import io.silas.core.memory.MemoryStore;
import io.silas.core.memory.MemoryType;
import io.silas.core.memory.ReingestionTier;
import io.silas.core.sql.RowWork;
import io.silas.core.sql.SqlRows;
import io.silas.core.sql.SqlTransactions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * {@link MemoryStore} in {@code memories}: each memory whole as JSON next to its key columns and the backend's
 * full-text columns. Keyword search asks the backend, per keyword, for that keyword's
 * {@link MemoryStore#candidatesPerKeyword newest} memories of the scope and lane, then ranks the candidates by how
 * many keywords they matched, ties in storage order ({@link KeywordCandidates}). Update and delete read the stored
 * memory with the backend's locking read and check it ({@link MemoryStore#requireUpdatable},
 * {@link MemoryStore#requireDeletable}) in the same write transaction.
 */
public abstract class SqlMemoryStore implements MemoryStore {
    /** Reads one stored memory by (scope_id, memory_id). */
    protected static final String SELECT_ONE = "SELECT item FROM memories WHERE scope_id = ? AND memory_id = ?";
    /** Active-lane listing by type; the literal lane lets a planner use a partial index. */
    public static final String BY_TYPE = "SELECT item FROM memories WHERE scope_id = ? AND lane = 'active' "
            + "AND memory_type = ? ORDER BY seq";
    /** Active-lane listing by session; the literal lane lets a planner use a partial index. */
    public static final String BY_SESSION = "SELECT item FROM memories WHERE scope_id = ? AND lane = 'active' "
            + "AND session_id = ? ORDER BY seq";
    private static final String BY_SEQ = "SELECT item FROM memories WHERE seq = ?";

    private final SqlTransactions db;
    private final String lockedRead;

    /**
     * A store over the backend's transactions.
     *
     * @param lockedRead the read of the stored memory that update and delete check: {@link #SELECT_ONE} where the
     *     backend runs one writer at a time, else that statement with a row lock
     * @param db the db
     */
    protected SqlMemoryStore(SqlTransactions db, String lockedRead) {
        this.db = db;
        this.lockedRead = lockedRead;
    }

    /**
     * Inserts a memory whose lane was checked, in its own write transaction; a used id is {@code INVALID_INPUT}
     * ({@link #inserted}). Returns the memory id.
     *
     * @param item the work item
     * @return the string
     */
    protected abstract String insert(MemoryItem item);

    /**
     * {@return the work that rewrites a stored memory's row (type, session, full-text columns, JSON) to {@code item}}
     *
     * @param item the work item
     * @param json the JSON text
     */
    protected abstract RowWork<Integer> rewrite(MemoryItem item, String json);

    /**
     * {@return the full-text query of one scope and lane, prepared before the read transaction}
     *
     * @param scopeId the scope the call belongs to
     * @param lane the lane
     */
    protected abstract KeywordQuery keywordQuery(String scopeId, ReingestionTier lane);

    /** One scope and lane's full-text query. */
    @FunctionalInterface
    protected interface KeywordQuery {
        /**
         * Hands {@code matched} the {@code seq} of at most {@code limit} memories matching {@code keyword}, newest
         * first; none for a keyword the index cannot search for.
         *
         * @param rows the rows
         * @param keyword the keyword
         * @param limit the limit
         * @param matched the matched
         * @throws SQLException if the database fails
         */
        void candidates(SqlRows rows, String keyword, int limit, LongConsumer matched) throws SQLException;
    }

    /**
     * {@code item}'s id when the insert changed a row; else {@code INVALID_INPUT}: the id is used in the scope.
     *
     * @param changed the changed
     * @param item the work item
     * @return the string
     */
    protected static String inserted(int changed, MemoryItem item) {
        if (changed == 0) {
            throw SilasException.invalid("memory_id", "already stored in this scope: " + item.memoryId());
        }
        return item.memoryId();
    }

    @Override
    public final String store(MemoryItem item) {
        return insert(MemoryStore.requireLane(item, ReingestionTier.ACTIVE));
    }

    @Override
    public final String storeRaw(MemoryItem item) {
        return insert(MemoryStore.requireLane(item, ReingestionTier.LOW_REINGESTION));
    }

    @Override
    public final Optional<MemoryItem> get(String scopeId, String memoryId) {
        requireKey(scopeId, memoryId);
        return db.read(rows -> rows.one(MemoryItem.class, SELECT_ONE, scopeId, memoryId));
    }

    @Override
    public final void update(MemoryItem item) {
        if (item == null) {
            throw SilasException.invalid("memory_item", "must not be null");
        }
        RowWork<Integer> rewrite = rewrite(item, Json.write(item));
        db.write(rows -> {
            MemoryItem stored = rows.one(MemoryItem.class, lockedRead, item.scopeId(), item.memoryId())
                    .orElseThrow(() -> new SilasException(ErrorCode.NOT_FOUND,
                            "no memory " + item.memoryId() + " in this scope"));
            MemoryStore.requireUpdatable(stored, item);
            return rewrite.run(rows);
        });
    }

    @Override
    public final boolean delete(String scopeId, String memoryId) {
        requireKey(scopeId, memoryId);
        return db.write(rows -> {
            Optional<MemoryItem> stored = rows.one(MemoryItem.class, lockedRead, scopeId, memoryId);
            if (stored.isEmpty()) {
                return false;
            }
            MemoryStore.requireDeletable(stored.get());
            return rows.update("DELETE FROM memories WHERE scope_id = ? AND memory_id = ?", scopeId, memoryId) == 1;
        });
    }

    @Override
    public final List<MemoryItem> searchKeyword(String scopeId, String query, int limit) {
        return search(scopeId, query, limit, ReingestionTier.ACTIVE);
    }

    @Override
    public final List<MemoryItem> searchRaw(String scopeId, String query, int limit) {
        return search(scopeId, query, limit, ReingestionTier.LOW_REINGESTION);
    }

    @Override
    public final List<MemoryItem> searchSession(String scopeId, String sessionId) {
        MemoryStore.requireScope(scopeId);
        if (sessionId == null || sessionId.isBlank()) {
            throw SilasException.invalid("session_id", "must not be blank");
        }
        return db.read(rows -> rows.list(MemoryItem.class, BY_SESSION, scopeId, sessionId));
    }

    @Override
    public final List<MemoryItem> listByType(String scopeId, MemoryType type) {
        MemoryStore.requireScope(scopeId);
        if (type == null) {
            throw SilasException.invalid("memory_type", "must not be null");
        }
        return db.read(rows -> rows.list(MemoryItem.class, BY_TYPE, scopeId, SqlRows.wire(type)));
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
        int candidates = MemoryStore.candidatesPerKeyword(limit);
        KeywordQuery index = keywordQuery(scopeId, lane);
        return db.read(rows -> {
            KeywordCandidates matched = new KeywordCandidates();
            for (String keyword : keywords) {
                index.candidates(rows, keyword, candidates, matched::add);
            }
            List<MemoryItem> found = new ArrayList<>();
            for (long seq : matched.best(limit)) {
                found.add(rows.one(MemoryItem.class, BY_SEQ, seq).orElseThrow());
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
