package io.silas.sqlite;

import io.silas.core.context.ChronicleStore;
import io.silas.core.context.ContextItem;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.memory.MemoryStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * {@link ChronicleStore} in {@code chronicle}: one JSON row per entry, ordered by (created_at, seq) through
 * the {@code (scope_id, created_at, seq)} index. A repeated {@code ctx_id} in a scope hits the unique key
 * and inserts nothing.
 */
final class SqliteChronicleStore implements ChronicleStore {
    private static final String INSERT = "INSERT INTO chronicle(scope_id, ctx_id, created_at, item) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT(scope_id, ctx_id) DO NOTHING";
    private static final String RECENT = "SELECT item FROM (SELECT seq, created_at, item FROM chronicle "
            + "WHERE scope_id = ? ORDER BY created_at DESC, seq DESC LIMIT ?) ORDER BY created_at, seq";

    private final Database db;

    SqliteChronicleStore(Database db) {
        this.db = db;
    }

    @Override
    public void append(String scopeId, ContextItem item) {
        Row row = Row.of(scopeId, item);
        db.write(s -> {
            insert(s, row);
            return null;
        });
    }

    /**
     * An entry checked and serialised before the write, so that the writer's serial section only inserts it (the
     * inbox prepares its chronicle entries the same way).
     */
    record Row(String scopeId, ContextItem item, String createdAt, String json) {
        static Row of(String scopeId, ContextItem item) {
            ChronicleStore.requireEntry(scopeId, item);
            return new Row(scopeId, item, Timestamps.format("created_at", item.createdAt()), Json.write(item));
        }
    }

    /** Appends within the caller's write transaction (shared with the inbox); a repeated ctx_id is INVALID_INPUT. */
    static void insert(Session s, Row row) throws SQLException {
        if (Rows.update(s, INSERT, row.scopeId(), row.item().ctxId(), row.createdAt(), row.json()) == 0) {
            throw SilasException.invalid("ctx_id", "already appended to this scope: " + row.item().ctxId());
        }
    }

    @Override
    public List<ContextItem> getRecent(String scopeId, int limit) {
        MemoryStore.requireScope(scopeId);
        ChronicleStore.requireLimit(limit);
        return db.read(s -> Rows.list(s, ContextItem.class, RECENT, scopeId, limit));
    }

    @Override
    public int pruneBefore(String scopeId, Instant cutoff) {
        MemoryStore.requireScope(scopeId);
        String at = Timestamps.format("cutoff", cutoff);
        return db.write(s -> Rows.update(s, "DELETE FROM chronicle WHERE scope_id = ? AND created_at < ?", scopeId, at));
    }

    @Override
    public int pruneBefore(Instant cutoff) {
        String at = Timestamps.format("cutoff", cutoff);
        return db.write(s -> Rows.update(s, "DELETE FROM chronicle WHERE created_at < ?", at));
    }

    @Override
    public List<String> knownScopes() {
        return db.read(s -> Rows.strings(s, "SELECT DISTINCT scope_id FROM chronicle")).stream().sorted().toList();
    }
}
