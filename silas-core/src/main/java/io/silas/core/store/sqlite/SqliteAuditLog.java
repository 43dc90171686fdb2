package io.silas.core.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditChain;
import io.silas.core.audit.AuditCheckpoint;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.ChainVerification;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AuditLog} in the {@code audit_log} table, chained with the same rules as every other log
 * ({@link AuditChain}). Appends run in the single writer transaction, which reads the head and inserts the
 * next entry atomically, so sequence numbers are gap-free across threads and processes. Verification
 * streams rows from a read snapshot and never holds the log in memory.
 *
 * <p>{@code data} is stored as canonical JSON and the entry is hashed over the tree read back from that
 * text, so that what is verified later is byte-for-byte what was hashed.
 */
final class SqliteAuditLog implements AuditLog {
    private static final String COLUMNS = "seq, id, at, event, data, prev_hash, hash";

    private final Database db;
    private final Clock clock;
    private final IdGenerator ids;

    SqliteAuditLog(Database db, Clock clock, IdGenerator ids) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public AuditEntry append(String event, Map<String, ?> data) {
        if (event == null || event.isBlank()) {
            throw SilasException.invalid("event", "must not be blank");
        }
        String dataText = CanonicalJson.string(Json.tree(data == null ? Map.of() : data));
        JsonNode stored = parse(dataText);
        String storedText = CanonicalJson.string(stored);
        return db.write(c -> {
            AuditCheckpoint head = head(c);
            AuditEntry unsigned = new AuditEntry(ids.next(), head.seq() + 1, clock.instant(), event, stored,
                    head.hash(), "");
            AuditEntry entry = new AuditEntry(unsigned.id(), unsigned.seq(), unsigned.at(), event, stored,
                    head.hash(), AuditChain.hashOf(unsigned));
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_log(" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, entry.seq());
                ps.setString(2, entry.id());
                ps.setString(3, entry.at().toString());
                ps.setString(4, entry.event());
                ps.setString(5, storedText);
                ps.setString(6, entry.prevHash());
                ps.setString(7, entry.hash());
                ps.executeUpdate();
            }
            return entry;
        });
    }

    @Override
    public ChainVerification verifyChain() {
        return db.read(c -> {
            ChainVerification result = verifyAfter(c, 0, AuditChain.GENESIS);
            if (!result.valid()) {
                return result;
            }
            Optional<AuditCheckpoint> cp = latestCheckpoint(c);
            if (cp.isPresent() && cp.get().seq() > 0 && !checkpointedEntryMatches(c, cp.get())) {
                return new ChainVerification(false, result.entriesChecked(), cp.get().seq(),
                        "the checkpointed entry is missing or changed (log truncated?)");
            }
            return result;
        });
    }

    @Override
    public AuditCheckpoint checkpoint() {
        return db.write(c -> {
            AuditCheckpoint head = head(c);
            AuditCheckpoint cp = new AuditCheckpoint(head.seq(), head.hash(), clock.instant());
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_checkpoints(seq, hash, at) VALUES (?, ?, ?)")) {
                ps.setLong(1, cp.seq());
                ps.setString(2, cp.hash());
                ps.setString(3, cp.at().toString());
                ps.executeUpdate();
            }
            return cp;
        });
    }

    @Override
    public Optional<AuditCheckpoint> latestCheckpoint() {
        return db.read(SqliteAuditLog::latestCheckpoint);
    }

    @Override
    public ChainVerification verifyFromCheckpoint() {
        return db.read(c -> {
            Optional<AuditCheckpoint> cp = latestCheckpoint(c);
            if (cp.isEmpty() || cp.get().seq() == 0) {
                return verifyAfter(c, 0, AuditChain.GENESIS);
            }
            if (!checkpointedEntryMatches(c, cp.get())) {
                return new ChainVerification(false, 0, cp.get().seq(), "checkpointed entry no longer matches");
            }
            return verifyAfter(c, cp.get().seq(), cp.get().hash());
        });
    }

    @Override
    public List<AuditEntry> read(long fromSeq, int limit) {
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, fromSeq);
                ps.setInt(2, limit);
                return readAll(ps);
            }
        });
    }

    @Override
    public List<AuditEntry> findByEvent(String event) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM audit_log WHERE event = ? ORDER BY seq")) {
                ps.setString(1, event);
                return readAll(ps);
            }
        });
    }

    @Override
    public long size() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM audit_log");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Streams the entries after {@code seq} through {@link AuditChain#verify}. */
    private static ChainVerification verifyAfter(Connection c, long seq, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM audit_log WHERE seq > ? ORDER BY seq")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                AuditRows rows = new AuditRows(rs);
                ChainVerification result = AuditChain.verify(rows, seq + 1, hash);
                if (result.valid() && rows.unreadable() != null) {
                    long at = seq + 1 + result.entriesChecked();
                    return new ChainVerification(false, result.entriesChecked(), at,
                            "entry is unreadable: " + rows.unreadable());
                }
                return result;
            }
        }
    }

    private static boolean checkpointedEntryMatches(Connection c, AuditCheckpoint cp) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
            ps.setLong(1, cp.seq());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && cp.hash().equals(rs.getString(1));
            }
        }
    }

    private static AuditCheckpoint head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new AuditCheckpoint(rs.getLong(1), rs.getString(2), Instant.EPOCH)
                    : new AuditCheckpoint(0, AuditChain.GENESIS, Instant.EPOCH);
        }
    }

    private static Optional<AuditCheckpoint> latestCheckpoint(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, hash, at FROM audit_checkpoints ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next()
                    ? Optional.of(new AuditCheckpoint(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3))))
                    : Optional.empty();
        }
    }

    private static List<AuditEntry> readAll(PreparedStatement ps) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    out.add(AuditRows.entry(rs));
                } catch (RuntimeException e) {
                    throw new SilasException(ErrorCode.AUDIT_CHAIN_BROKEN,
                            "audit entry at seq " + rs.getLong(1) + " is unreadable: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw Json.unwrap(e, "audit data");
        }
    }
}
