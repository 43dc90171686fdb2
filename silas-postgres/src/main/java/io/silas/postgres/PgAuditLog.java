package io.silas.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditChain;
import io.silas.core.audit.AuditCheckpoint;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditSeal;
import io.silas.core.audit.ChainVerification;
import io.silas.core.audit.EntryHasher;
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
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AuditLog} in {@code audit_log}: one hash chain for the whole cluster, with the rules of every other log
 * ({@link AuditChain}). An append takes a transaction-scoped advisory lock for the chain, reads the head and inserts
 * the next entry, so appends from every JVM are serialised and sequence numbers stay gap-free; verification reads one
 * {@code REPEATABLE READ} snapshot.
 *
 * <p>{@code data} is stored as canonical JSON and {@code at} as {@link Instant#toString()}: the columns hold exactly
 * the text the hash covers. With an {@link AuditSeal}, checkpoints are signed, written to the seal's anchor outside
 * the database after their row commits, and taken every {@link AuditSeal#anchorEvery()} entries. Every verification
 * also fails when the log holds fewer entries than this JVM has appended (a truncation while it runs).
 */
final class PgAuditLog implements AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(PgAuditLog.class);
    private static final String COLUMNS = "seq, id, at, event, data, prev_hash, hash";
    private static final String CHAIN_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('silas.audit_log', 0))";
    private static final String INSERT = "INSERT INTO audit_log(" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String HEAD = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
    private static final String CHECKPOINTS = "SELECT seq, hash, at, signature FROM audit_checkpoints";
    private static final String AFTER = "SELECT " + COLUMNS + " FROM audit_log WHERE seq > ? ORDER BY seq";

    private final PgDatabase db;
    private final Clock clock;
    private final IdGenerator ids;
    private final @Nullable AuditSeal seal;
    private final AtomicLong appendedUpTo = new AtomicLong();
    private final GroupCommit<Pending, Link> appends = new GroupCommit<>(this::writeBatch, 256);
    private final Object checkpointLock = new Object();

    PgAuditLog(PgDatabase db, Clock clock, IdGenerator ids, @Nullable AuditSeal seal) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.seal = seal;
    }

    @Override
    public AuditEntry append(String event, Map<String, ?> data) {
        if (event == null || event.isBlank()) {
            throw SilasException.invalid("event", "must not be blank");
        }
        JsonNode stored = parse(CanonicalJson.string(Json.tree(data == null ? Map.of() : data)));
        Pending pending = new Pending(ids.next(), event, CanonicalJson.string(stored));
        Link link = appends.submit(pending);
        appendedUpTo.accumulateAndGet(link.seq(), Math::max);
        if (seal != null && seal.due(link.seq())) {
            automaticCheckpoint(link.seq());
        }
        return new AuditEntry(pending.id(), link.seq(), link.at(), event, stored, link.prevHash(), link.hash());
    }

    /** An entry waiting to be chained. */
    record Pending(String id, String event, String data) {
    }

    /**
     * Chains a batch of waiting entries in one transaction under the chain lock: concurrent appends of this JVM share
     * one commit (group commit), and the lock is held once per batch instead of once per entry.
     */
    private List<Link> writeBatch(List<Pending> batch) {
        return db.write(c -> {
            Head head = lockedHead(c);
            List<Link> links = new ArrayList<>(batch.size());
            EntryHasher hasher = new EntryHasher();
            long seq = head.seq();
            String prev = head.hash();
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Pending p : batch) {
                    seq++;
                    Instant at = clock.instant();
                    String hash = hasher.hash(seq, p.id(), at.toString(), p.event(), p.data(), prev);
                    ps.setLong(1, seq);
                    ps.setString(2, p.id());
                    ps.setString(3, at.toString());
                    ps.setString(4, p.event());
                    ps.setString(5, p.data());
                    ps.setString(6, prev);
                    ps.setString(7, hash);
                    ps.addBatch();
                    links.add(new Link(seq, at, prev, hash));
                    prev = hash;
                }
                ps.executeBatch();
            }
            return links;
        });
    }

    /** The chain position an append was given inside the transaction. */
    record Link(long seq, Instant at, String prevHash, String hash) {
    }

    /** The newest entry's position and hash ({@code 0, GENESIS} for an empty log). */
    private record Head(long seq, String hash) {
    }

    /** Takes the chain lock for the rest of the transaction and reads the head under it. */
    private static Head lockedHead(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(CHAIN_LOCK); ResultSet rs = lock.executeQuery()) {
            rs.next();
        }
        try (PreparedStatement ps = c.prepareStatement(HEAD); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, AuditChain.GENESIS);
        }
    }

    /** A failed automatic checkpoint must not fail the append that is already stored; the next due one retries. */
    private void automaticCheckpoint(long seq) {
        try {
            checkpoint();
        } catch (SilasException e) {
            LOG.warn("automatic audit checkpoint after seq {} failed ({}); the next one retries", seq, e.code().id());
        }
    }

    @Override
    public ChainVerification verifyChain() {
        return db.read(c -> {
            ChainVerification result = verifyAfter(c, 0, AuditChain.GENESIS);
            if (!result.valid()) {
                return result;
            }
            long head = result.entriesChecked();
            if (seal != null) {
                ChainVerification anchors = verifyAnchors(c, seal, head, result.entriesChecked());
                if (!anchors.valid()) {
                    return anchors;
                }
            } else {
                Optional<AuditCheckpoint> cp = latestCheckpoint(c);
                if (cp.isPresent() && cp.get().seq() > 0 && !cp.get().hash().equals(hashAt(c, cp.get().seq()))) {
                    return broken(result.entriesChecked(), cp.get().seq(),
                            "the checkpointed entry is missing or changed (log truncated?)");
                }
            }
            return reachesAppended(result, head);
        });
    }

    @Override
    public AuditCheckpoint checkpoint() {
        synchronized (checkpointLock) {
            AuditCheckpoint written = db.write(c -> {
                Head head = lockedHead(c);
                AuditCheckpoint cp = seal == null ? new AuditCheckpoint(head.seq(), head.hash(), clock.instant())
                        : seal.sign(head.seq(), head.hash(), clock.instant());
                Sql.update(c, "INSERT INTO audit_checkpoints(seq, hash, at, signature) VALUES (?, ?, ?, ?)",
                        cp.seq(), cp.hash(), cp.at().toString(), cp.signature());
                return cp;
            });
            if (seal != null) {
                seal.anchor(written);
            }
            return written;
        }
    }

    @Override
    public Optional<AuditCheckpoint> latestCheckpoint() {
        return db.read(PgAuditLog::latestCheckpoint);
    }

    @Override
    public ChainVerification verifyFromCheckpoint() {
        return db.read(c -> {
            Optional<AuditCheckpoint> cp;
            try {
                cp = seal == null ? latestCheckpoint(c) : seal.newestTrusted(latestCheckpoint(c));
            } catch (SilasException e) {
                return broken(0, appendedUpTo.get() + 1, e.getMessage());
            }
            if (cp.isEmpty() || cp.get().seq() == 0) {
                ChainVerification all = verifyAfter(c, 0, AuditChain.GENESIS);
                return all.valid() ? reachesAppended(all, all.entriesChecked()) : all;
            }
            if (!cp.get().hash().equals(hashAt(c, cp.get().seq()))) {
                return broken(0, cp.get().seq(), "checkpointed entry no longer matches (the log does not reach it)");
            }
            ChainVerification after = verifyAfter(c, cp.get().seq(), cp.get().hash());
            return after.valid() ? reachesAppended(after, cp.get().seq() + after.entriesChecked()) : after;
        });
    }

    private ChainVerification reachesAppended(ChainVerification verified, long head) {
        long appended = appendedUpTo.get();
        return head >= appended ? verified : broken(verified.entriesChecked(), head + 1,
                "entries up to seq " + appended + " were appended but the log ends at seq " + head + " (truncated)");
    }

    private static ChainVerification verifyAnchors(Connection c, AuditSeal seal, long head, long checked)
            throws SQLException {
        List<AuditCheckpoint> stored = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CHECKPOINTS + " ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                stored.add(checkpoint(rs));
            }
        }
        SQLException[] failure = new SQLException[1];
        ChainVerification result = seal.verifyAnchors(head, checked, seq -> {
            try {
                return hashAt(c, seq);
            } catch (SQLException e) {
                failure[0] = e;
                return null;
            }
        }, stored);
        if (failure[0] != null) {
            throw failure[0];
        }
        return result;
    }

    @Override
    public List<AuditEntry> read(long fromSeq, int limit) {
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        return db.read(c -> readAll(c, "SELECT " + COLUMNS + " FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?",
                fromSeq, limit));
    }

    @Override
    public List<AuditEntry> findByEvent(String event) {
        return db.read(c -> readAll(c, "SELECT " + COLUMNS + " FROM audit_log WHERE event = ? ORDER BY seq", event));
    }

    @Override
    public long size() {
        return db.read(c -> Sql.longValue(c, "SELECT count(*) FROM audit_log"));
    }

    /** Streams the entries after {@code seq}, checking consecutive seq, prev_hash links and content hashes. */
    private static ChainVerification verifyAfter(Connection c, long seq, String hash) throws SQLException {
        try (PreparedStatement ps = Sql.bind(c, AFTER, seq)) {
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                EntryHasher hasher = new EntryHasher();
                long checked = 0;
                long expected = seq + 1;
                String prev = hash;
                while (rs.next()) {
                    long rowSeq = rs.getLong(1);
                    if (rowSeq != expected) {
                        return broken(checked, expected, "expected seq " + expected + " but found " + rowSeq
                                + " (entry missing, inserted or reordered)");
                    }
                    String prevHash = rs.getString(6);
                    if (!prev.equals(prevHash)) {
                        return broken(checked, expected, "prev_hash does not match the previous entry");
                    }
                    String rowHash = rs.getString(7);
                    if (!contentMatches(hasher, rs, rowSeq, prevHash, rowHash)) {
                        return broken(checked, expected, "hash does not match the entry content (edited)");
                    }
                    prev = rowHash;
                    expected++;
                    checked++;
                }
                return new ChainVerification(true, checked, null, null);
            }
        }
    }

    private static boolean contentMatches(EntryHasher hasher, ResultSet rs, long seq, String prevHash, String hash)
            throws SQLException {
        String id = rs.getString(2);
        String at = rs.getString(3);
        String event = rs.getString(4);
        String data = rs.getString(5);
        if (id == null || at == null || event == null || data == null || hash == null) {
            return false;
        }
        try {
            return hasher.hash(seq, id, at, event, data, prevHash).equals(hash);
        } catch (SilasException unencodable) {
            return false;
        }
    }

    private static ChainVerification broken(long checked, long atSeq, String reason) {
        return new ChainVerification(false, checked, atSeq, reason);
    }

    private static @Nullable String hashAt(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = Sql.bind(c, "SELECT hash FROM audit_log WHERE seq = ?", seq);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static Optional<AuditCheckpoint> latestCheckpoint(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CHECKPOINTS + " ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(checkpoint(rs)) : Optional.empty();
        }
    }

    /** A checkpoint row; unreadable text columns become placeholders that fail every check. */
    private static AuditCheckpoint checkpoint(ResultSet rs) throws SQLException {
        String hash = rs.getString(2);
        Instant at;
        try {
            at = Instant.parse(rs.getString(3));
        } catch (RuntimeException e) {
            at = Instant.EPOCH;
        }
        return new AuditCheckpoint(rs.getLong(1), hash == null ? "" : hash, at, rs.getString(4));
    }

    private static List<AuditEntry> readAll(Connection c, String sql, Object... params) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.bind(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    out.add(new AuditEntry(rs.getString(2), rs.getLong(1), Instant.parse(rs.getString(3)),
                            rs.getString(4), parse(rs.getString(5)), rs.getString(6), rs.getString(7)));
                } catch (RuntimeException e) {
                    throw new SilasException(ErrorCode.AUDIT_CHAIN_BROKEN,
                            "audit entry at seq " + rs.getLong(1) + " is unreadable: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw Json.unwrap(e, "audit data");
        }
    }
}
