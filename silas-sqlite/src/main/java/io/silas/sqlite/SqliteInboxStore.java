package io.silas.sqlite;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ContextItem;
import io.silas.core.error.Checks;
import io.silas.core.json.Json;
import io.silas.core.memory.MemoryItem;
import io.silas.core.stream.InboxEntry;
import io.silas.core.stream.InboxStore;
import io.silas.core.trust.TrustDecision;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link InboxStore} in table {@code inbox}. The chronicle entries of {@link #recordMessage} and {@link #complete}
 * are inserted into {@code chronicle}, and their raw items into {@code memories} (through
 * {@link SqliteMemoryStore#insert}, so the FTS index follows), in the same write transaction as the row change, so
 * all commit or none. {@link #admit} and {@link #complete} return once their commit is synced; {@link #recordMessage}
 * commits without its own sync ({@link Database#writeUnsynced}): the turn's {@link #complete}, which the Stream calls
 * before it sends the reply, syncs it (the WAL is one log, synced as a whole), so a turn costs one sync fewer and a
 * power loss in between replays the message as not yet chronicled.
 */
final class SqliteInboxStore implements InboxStore {
    private static final String COLUMNS = "seq, scope_id, connection_id, message, trust, admitted_at, chronicled_turn";

    private final Database db;

    SqliteInboxStore(Database db) {
        this.db = db;
    }

    @Override
    public InboxEntry admit(String scopeId, String connectionId, ChannelMessage message, TrustDecision trust,
                            Instant admittedAt) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonBlank(connectionId, "connection_id");
        Checks.nonNull(message, "message");
        Checks.nonNull(trust, "trust");
        String at = Timestamps.format("admitted_at", admittedAt);
        String messageJson = Json.write(message);
        String trustJson = Json.write(trust);
        long seq = db.write(s -> Rows.longValue(s, "INSERT INTO inbox(scope_id, connection_id, message, trust, "
                + "admitted_at) VALUES (?, ?, ?, ?, ?) RETURNING seq", scopeId, connectionId, messageJson, trustJson,
                at));
        return new InboxEntry(seq, scopeId, connectionId, message, trust, admittedAt, 0);
    }

    @Override
    public void recordMessage(InboxEntry entry, ContextItem messageEntry, @Nullable MemoryItem raw) {
        Checks.nonNull(entry, "entry");
        Checks.nonNull(messageEntry, "message_entry");
        InboxStore.requireRaw(entry.scopeId(), raw);
        String rawJson = raw == null ? null : Json.write(raw);
        SqliteChronicleStore.Row chronicled = SqliteChronicleStore.Row.of(entry.scopeId(), messageEntry);
        // Synced by the turn's complete (before its reply is sent) or by any synced commit before it; a power loss
        // first leaves the row admitted and unchronicled: the replay records the message again.
        db.writeUnsynced(s -> {
            SqliteChronicleStore.insert(s, chronicled);
            if (raw != null) {
                SqliteMemoryStore.insert(s, raw, rawJson);
            }
            return Rows.update(s, "UPDATE inbox SET chronicled_turn = ? WHERE seq = ?", messageEntry.turnNumber(),
                    entry.seq());
        });
    }

    @Override
    public void complete(InboxEntry entry, @Nullable ContextItem reply, @Nullable MemoryItem raw) {
        Checks.nonNull(entry, "entry");
        InboxStore.requireRaw(entry.scopeId(), raw);
        String rawJson = raw == null ? null : Json.write(raw);
        SqliteChronicleStore.Row chronicled =
                reply == null ? null : SqliteChronicleStore.Row.of(entry.scopeId(), reply);
        db.write(s -> {
            if (chronicled != null) {
                SqliteChronicleStore.insert(s, chronicled);
            }
            if (raw != null) {
                SqliteMemoryStore.insert(s, raw, rawJson);
            }
            return Rows.update(s, "DELETE FROM inbox WHERE seq = ?", entry.seq());
        });
    }

    @Override
    public void withdraw(InboxEntry entry) {
        Checks.nonNull(entry, "entry");
        db.write(s -> Rows.update(s, "DELETE FROM inbox WHERE seq = ?", entry.seq()));
    }

    @Override
    public List<InboxEntry> pending() {
        return db.read(s -> {
            List<InboxEntry> rows = new ArrayList<>();
            try (ResultSet rs = s.prepare("SELECT " + COLUMNS + " FROM inbox ORDER BY seq").executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return List.copyOf(rows);
        });
    }

    private static InboxEntry row(ResultSet rs) throws SQLException {
        return new InboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3),
                Json.read(rs.getString(4), ChannelMessage.class), Json.read(rs.getString(5), TrustDecision.class),
                Timestamps.parse(rs.getString(6)), rs.getInt(7));
    }
}
