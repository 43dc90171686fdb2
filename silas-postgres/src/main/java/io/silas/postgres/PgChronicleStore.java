package io.silas.postgres;

import io.silas.core.context.ChronicleStore;
import io.silas.core.context.ContextItem;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.memory.MemoryStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * {@link ChronicleStore} in {@code chronicle}: one row per entry, ordered by its exact {@code created_at} (seconds and
 * nanoseconds) with the insertion sequence breaking ties. The inbox appends through {@link #insert} inside its own
 * transaction.
 */
final class PgChronicleStore implements ChronicleStore {
    private static final String INSERT = "INSERT INTO chronicle(scope_id, ctx_id, created_sec, created_nano, item) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope_id, ctx_id) DO NOTHING";
    private static final String RECENT = "SELECT item FROM (SELECT seq, created_sec, created_nano, item FROM chronicle "
            + "WHERE scope_id = ? ORDER BY created_sec DESC, created_nano DESC, seq DESC LIMIT ?) recent "
            + "ORDER BY created_sec, created_nano, seq";

    private final PgDatabase db;

    PgChronicleStore(PgDatabase db) {
        this.db = db;
    }

    /** A validated entry ready to insert. */
    record Row(String scopeId, ContextItem item, String json) {
        static Row of(String scopeId, ContextItem item) {
            ChronicleStore.requireEntry(scopeId, item);
            return new Row(scopeId, item, Json.write(item));
        }
    }

    static void insert(Connection c, Row row) throws SQLException {
        Instant at = row.item().createdAt();
        if (Sql.update(c, INSERT, row.scopeId(), row.item().ctxId(), at.getEpochSecond(), at.getNano(),
                row.json()) == 0) {
            throw SilasException.invalid("ctx_id", "already appended to this scope: " + row.item().ctxId());
        }
    }

    @Override
    public void append(String scopeId, ContextItem item) {
        Row row = Row.of(scopeId, item);
        db.write(c -> {
            insert(c, row);
            return null;
        });
    }

    @Override
    public List<ContextItem> getRecent(String scopeId, int limit) {
        MemoryStore.requireScope(scopeId);
        ChronicleStore.requireLimit(limit);
        return db.read(c -> Sql.list(c, ContextItem.class, RECENT, scopeId, limit));
    }

    @Override
    public int pruneBefore(String scopeId, Instant cutoff) {
        MemoryStore.requireScope(scopeId);
        Instant at = requireCutoff(cutoff);
        return db.write(c -> Sql.update(c, "DELETE FROM chronicle WHERE scope_id = ? "
                + "AND (created_sec, created_nano) < (?, ?)", scopeId, at.getEpochSecond(), at.getNano()));
    }

    @Override
    public int pruneBefore(Instant cutoff) {
        Instant at = requireCutoff(cutoff);
        return db.write(c -> Sql.update(c, "DELETE FROM chronicle WHERE (created_sec, created_nano) < (?, ?)",
                at.getEpochSecond(), at.getNano()));
    }

    @Override
    public List<String> knownScopes() {
        return db.read(c -> Sql.strings(c, "SELECT DISTINCT scope_id FROM chronicle")).stream().sorted().toList();
    }

    private static Instant requireCutoff(Instant cutoff) {
        if (cutoff == null) {
            throw SilasException.invalid("cutoff", "must not be null");
        }
        return cutoff;
    }
}
