package io.silas.postgres;

import io.silas.core.channel.ChannelMessage;
import io.silas.core.context.ContextItem;
import io.silas.core.error.Checks;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import io.silas.core.memory.MemoryItem;
import io.silas.core.stream.InboxEntry;
import io.silas.core.stream.InboxStore;
import io.silas.core.stream.SharedInboxStore;
import io.silas.core.trust.TrustDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * {@link SharedInboxStore} in {@code inbox}, shared by the JVMs of a cluster, plus the {@link ClusterInbox} claim
 * protocol. A row admitted through {@link #admit} is claimed by this node (its Stream runs the turn once
 * {@link #claimTurn} numbers it); {@link #pending()} returns this node's rows and takes over those of dead nodes. Chronicle entries and raw memory items are written in the same
 * transaction as the row change, exactly as on SQLite.
 */
final class PgInboxStore implements SharedInboxStore, ClusterInbox {
    private static final String COLUMNS = "seq, scope_id, connection_id, message, trust, admitted_at, chronicled_turn";
    private static final String SCOPE_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('silas.inbox:' || ?, 0))";
    private static final String INSERT = "INSERT INTO inbox(scope_id, connection_id, message, trust, admitted_at, "
            + "claimed_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq";
    /** Rows that are this node's, or nobody's, or a dead node's: a takeover claims them. */
    private static final String TAKE_OVER = "UPDATE inbox SET claimed_by = ? WHERE NOT parked AND (claimed_by IS NULL "
            + "OR (claimed_by <> ? AND claimed_by NOT IN (" + ClusterNode.LIVE + ")))";
    /** Parked rows of dead nodes (with the second parameter true, also this node's own). */
    private static final String TAKE_OVER_PARKED = "UPDATE inbox SET claimed_by = ? WHERE parked AND (claimed_by IS NULL "
            + "OR (claimed_by = ? AND ?) OR (claimed_by <> ? AND claimed_by NOT IN (" + ClusterNode.LIVE + ")))";
    /** A row's owner and number, locked, and whether an older row of its scope is unfinished. */
    private static final String CLAIM_CHECK = "SELECT i.claimed_by, i.assigned_turn, EXISTS (SELECT 1 FROM inbox o "
            + "WHERE o.scope_id = i.scope_id AND o.seq < i.seq AND NOT o.parked) FROM inbox i WHERE i.seq = ? FOR UPDATE";
    /**
     * The oldest claimable row whose scope has no older unfinished row: so a scope's turns run one at a time, in
     * admission order, whichever node claims them.
     */
    private static final String NEXT = "SELECT i.seq FROM inbox i WHERE NOT i.parked AND (i.claimed_by IS NULL "
            + "OR i.claimed_by NOT IN (" + ClusterNode.LIVE + ")) AND NOT EXISTS (SELECT 1 FROM inbox o "
            + "WHERE o.scope_id = i.scope_id AND o.seq < i.seq AND NOT o.parked) ORDER BY i.seq LIMIT 1 "
            + "FOR UPDATE OF i SKIP LOCKED";
    private static final String NEXT_TURN = "INSERT INTO scope_turns(scope_id, last_turn) VALUES (?, 1) "
            + "ON CONFLICT (scope_id) DO UPDATE SET last_turn = scope_turns.last_turn + 1 RETURNING last_turn";

    private final PgDatabase db;
    private final String nodeId;

    PgInboxStore(PgDatabase db, String nodeId) {
        this.db = db;
        this.nodeId = nodeId;
    }

    @Override
    public InboxEntry admit(String scopeId, String connectionId, ChannelMessage message, TrustDecision trust,
                            Instant admittedAt) {
        return insert(scopeId, connectionId, message, trust, admittedAt, nodeId);
    }

    @Override
    public InboxEntry enqueue(String scopeId, String connectionId, ChannelMessage message, TrustDecision trust,
                              Instant admittedAt) {
        return insert(scopeId, connectionId, message, trust, admittedAt, null);
    }

    private InboxEntry insert(String scopeId, String connectionId, ChannelMessage message, TrustDecision trust,
                              Instant admittedAt, @Nullable String claimedBy) {
        Checks.nonBlank(scopeId, "scope_id");
        Checks.nonBlank(connectionId, "connection_id");
        Checks.nonNull(message, "message");
        Checks.nonNull(trust, "trust");
        Checks.nonNull(admittedAt, "admitted_at");
        String messageJson = Json.write(message);
        String trustJson = Json.write(trust);
        long seq = db.write(c -> {
            lockScope(c, scopeId);
            return Sql.longValue(c, INSERT, scopeId, connectionId, messageJson, trustJson, admittedAt.toString(),
                    claimedBy);
        });
        return new InboxEntry(seq, scopeId, connectionId, message, trust, admittedAt, 0);
    }

    private static void lockScope(Connection c, String scopeId) throws SQLException {
        try (PreparedStatement ps = Sql.bind(c, SCOPE_LOCK, scopeId); ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }

    @Override
    public void recordMessage(InboxEntry entry, ContextItem messageEntry, @Nullable MemoryItem raw) {
        Checks.nonNull(entry, "entry");
        Checks.nonNull(messageEntry, "message_entry");
        InboxStore.requireRaw(entry.scopeId(), raw);
        PgMemoryStore.Prepared rawRow = raw == null ? null : PgMemoryStore.Prepared.of(raw);
        PgChronicleStore.Row chronicled = PgChronicleStore.Row.of(entry.scopeId(), messageEntry);
        db.write(c -> {
            PgChronicleStore.insert(c, chronicled);
            if (rawRow != null) {
                PgMemoryStore.insert(c, rawRow);
            }
            return Sql.update(c, "UPDATE inbox SET chronicled_turn = ? WHERE seq = ?", messageEntry.turnNumber(),
                    entry.seq());
        });
    }

    @Override
    public void complete(InboxEntry entry, @Nullable ContextItem reply, @Nullable MemoryItem raw) {
        Checks.nonNull(entry, "entry");
        InboxStore.requireRaw(entry.scopeId(), raw);
        PgMemoryStore.Prepared rawRow = raw == null ? null : PgMemoryStore.Prepared.of(raw);
        PgChronicleStore.Row chronicled = reply == null ? null : PgChronicleStore.Row.of(entry.scopeId(), reply);
        db.write(c -> {
            if (chronicled != null) {
                PgChronicleStore.insert(c, chronicled);
            }
            if (rawRow != null) {
                PgMemoryStore.insert(c, rawRow);
            }
            return Sql.update(c, "DELETE FROM inbox WHERE seq = ?", entry.seq());
        });
    }

    @Override
    public void withdraw(InboxEntry entry) {
        Checks.nonNull(entry, "entry");
        db.write(c -> Sql.update(c, "DELETE FROM inbox WHERE seq = ?", entry.seq()));
    }

    @Override
    public List<InboxEntry> pending() {
        return db.write(c -> {
            Sql.update(c, TAKE_OVER, nodeId, nodeId);
            List<InboxEntry> rows = new ArrayList<>();
            try (PreparedStatement ps = Sql.bind(c, "SELECT " + COLUMNS + " FROM inbox WHERE claimed_by = ? "
                    + "AND NOT parked ORDER BY seq", nodeId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return List.copyOf(rows);
        });
    }

    @Override
    public List<InboxEntry> takeOver() {
        return returning(TAKE_OVER, nodeId, nodeId);
    }

    @Override
    public List<InboxEntry> takeOverParked(boolean ownToo) {
        return returning(TAKE_OVER_PARKED, nodeId, nodeId, ownToo, nodeId);
    }

    @Override
    public void park(InboxEntry entry) {
        Checks.nonNull(entry, "entry");
        db.write(c -> Sql.update(c, "UPDATE inbox SET parked = true WHERE seq = ?", entry.seq()));
    }

    /** Runs a take-over and returns the rows it changed, in admission order. */
    private List<InboxEntry> returning(String takeOver, Object... params) {
        return db.write(c -> {
            List<InboxEntry> rows = new ArrayList<>();
            try (PreparedStatement ps = Sql.bind(c, takeOver + " RETURNING " + COLUMNS, params);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            rows.sort(Comparator.comparingLong(InboxEntry::seq));
            return List.copyOf(rows);
        });
    }

    @Override
    public OptionalInt claimTurn(InboxEntry entry) {
        Checks.nonNull(entry, "entry");
        return db.write(c -> {
            String owner;
            int assigned;
            boolean olderUnfinished;
            try (PreparedStatement ps = Sql.bind(c, CLAIM_CHECK, entry.seq()); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SilasException(ErrorCode.NOT_FOUND, "inbox row " + entry.seq() + " is gone");
                }
                owner = rs.getString(1);
                assigned = rs.getInt(2);
                olderUnfinished = rs.getBoolean(3);
            }
            if (!nodeId.equals(owner)) {
                throw new SilasException(ErrorCode.NOT_FOUND, "inbox row " + entry.seq() + " was taken over");
            }
            if (olderUnfinished) {
                return OptionalInt.empty();
            }
            if (assigned == 0) {
                assigned = (int) Sql.longValue(c, NEXT_TURN, entry.scopeId());
                Sql.update(c, "UPDATE inbox SET assigned_turn = ? WHERE seq = ?", assigned, entry.seq());
            }
            return OptionalInt.of(assigned);
        });
    }

    @Override
    public Optional<Claim> claimNext() {
        return db.write(c -> {
            long seq;
            try (PreparedStatement ps = c.prepareStatement(NEXT); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                seq = rs.getLong(1);
            }
            InboxEntry entry;
            int assigned;
            try (PreparedStatement ps = Sql.bind(c, "UPDATE inbox SET claimed_by = ? WHERE seq = ? RETURNING "
                    + COLUMNS + ", assigned_turn", nodeId, seq); ResultSet rs = ps.executeQuery()) {
                rs.next();
                entry = row(rs);
                assigned = rs.getInt(8);
            }
            if (assigned == 0) {
                assigned = (int) Sql.longValue(c, NEXT_TURN, entry.scopeId());
                Sql.update(c, "UPDATE inbox SET assigned_turn = ? WHERE seq = ?", assigned, seq);
            }
            return Optional.of(new Claim(entry, assigned));
        });
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    private static InboxEntry row(ResultSet rs) throws SQLException {
        return new InboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3),
                Json.read(rs.getString(4), ChannelMessage.class), Json.read(rs.getString(5), TrustDecision.class),
                Instant.parse(rs.getString(6)), rs.getInt(7));
    }
}
