package io.silas.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditChain;
import io.silas.core.audit.AuditCheckpoint;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditSeal;
import io.silas.core.audit.ChainVerification;
import io.silas.core.audit.Checkpoints;
import io.silas.core.audit.EntryHasher;
import io.silas.core.audit.sql.AuditRows;
import io.silas.core.audit.sql.StoredChain;
import io.silas.core.audit.sql.StoredChainVerifier;
import io.silas.core.error.SilasException;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuditLog} in the {@code audit_log} table, chained with the same rules as every other log
 * ({@link AuditChain}: {@code hash = SHA-256(prev_hash + canonical(entry without hash))}). Appends run in the
 * single writer transaction, which reads the head and inserts the next entry atomically, so sequence numbers
 * are gap-free across threads and processes. Verification streams rows from a read snapshot, one row in
 * memory at a time.
 *
 * <p>{@code data} is normalised once (canonical JSON, read back) and stored as canonical JSON, and
 * {@code at} as {@link Instant#toString()}: the columns hold exactly the text the hash covers. Both append and
 * verification hash straight from that text with {@link EntryHasher}; the contract suite checks that every
 * entry's hash equals {@link AuditChain#hashOf}. A verified row therefore reads back as exactly the entry
 * that was appended.
 *
 * <p>With an {@link AuditSeal}, checkpoints carry the seal's signature (column {@code signature}; rows written
 * before it are read with none and never trusted as a starting point), are written to the seal's anchor after
 * their row commits, and are taken automatically every {@link AuditSeal#anchorEvery()} entries. Every
 * verification also fails when the log holds fewer entries than this object has appended (a truncation while
 * the process runs).
 */
final class SqliteAuditLog implements AuditLog {
    private static final String COLUMNS = AuditRows.COLUMNS;
    private static final String INSERT = "INSERT INTO audit_log(" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String HEAD = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
    private static final String CHECKPOINTS = AuditRows.CHECKPOINTS;
    private static final String AFTER = "SELECT " + COLUMNS + " FROM audit_log WHERE seq > ? ORDER BY seq";

    private final Database db;
    private final Clock clock;
    private final IdGenerator ids;
    private final @Nullable AuditSeal seal;
    /** Used only inside write transactions, which the database serialises. */
    private final EntryHasher appendHasher = new EntryHasher();
    /** The highest sequence number this object appended; the log must never verify with fewer entries. */
    private final AtomicLong appendedUpTo = new AtomicLong();
    /** Serialises checkpoints so that anchors are written in sequence order. */
    private final Object checkpointLock = new Object();
    /** The shared checkpoint, anchor and truncation checks around {@link AuditRows#verify}. */
    private final StoredChainVerifier verifier;

    SqliteAuditLog(Database db, Clock clock, IdGenerator ids, @Nullable AuditSeal seal) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.seal = seal;
        this.verifier = new StoredChainVerifier(seal, appendedUpTo::get);
    }

    @Override
    public AuditEntry append(String event, Map<String, ?> data) {
        if (event == null || event.isBlank()) {
            throw SilasException.invalid("event", "must not be blank");
        }
        JsonNode stored = AuditRows.parseData(CanonicalJson.string(Json.tree(data == null ? Map.of() : data)));
        String storedText = CanonicalJson.string(stored);
        String id = ids.next();
        // Only the chain step runs in the writer's serial section; the entry is built after the commit.
        Link link = db.write(s -> {
            long seq;
            String prev;
            try (ResultSet rs = s.prepare(HEAD).executeQuery()) {
                seq = rs.next() ? rs.getLong(1) + 1 : 1;
                prev = seq == 1 ? AuditChain.GENESIS : rs.getString(2);
            }
            Instant at = clock.instant();
            String atText = at.toString();
            String hash = appendHasher.hash(seq, id, atText, event, storedText, prev);
            PreparedStatement ps = s.prepare(INSERT);
            ps.setLong(1, seq);
            ps.setString(2, id);
            ps.setString(3, atText);
            ps.setString(4, event);
            ps.setString(5, storedText);
            ps.setString(6, prev);
            ps.setString(7, hash);
            ps.executeUpdate();
            return new Link(seq, at, prev, hash);
        });
        appendedUpTo.accumulateAndGet(link.seq(), Math::max);
        Checkpoints.afterAppend(this, seal, link.seq());
        return new AuditEntry(id, link.seq(), link.at(), event, stored, link.prevHash(), link.hash());
    }

    /** The chain position an append was given inside the write. */
    private record Link(long seq, Instant at, String prevHash, String hash) {
    }

    @Override
    public ChainVerification verifyChain() {
        return db.read(s -> verifier.verifyChain(new Rows(s)));
    }

    @Override
    public AuditCheckpoint checkpoint() {
        synchronized (checkpointLock) {
            AuditCheckpoint written = db.write(s -> {
                AuditCheckpoint cp;
                try (ResultSet rs = s.prepare(HEAD).executeQuery()) {
                    long seq = rs.next() ? rs.getLong(1) : 0;
                    String hash = seq == 0 ? AuditChain.GENESIS : rs.getString(2);
                    cp = seal == null ? new AuditCheckpoint(seq, hash, clock.instant())
                            : seal.sign(seq, hash, clock.instant());
                }
                PreparedStatement ps = s.prepare(
                        "INSERT INTO audit_checkpoints(seq, hash, at, signature) VALUES (?, ?, ?, ?)");
                ps.setLong(1, cp.seq());
                ps.setString(2, cp.hash());
                ps.setString(3, cp.at().toString());
                ps.setString(4, cp.signature());
                ps.executeUpdate();
                return cp;
            });
            Checkpoints.anchor(seal, written);
            return written;
        }
    }

    @Override
    public Optional<AuditCheckpoint> latestCheckpoint() {
        return db.read(SqliteAuditLog::latestCheckpoint);
    }

    @Override
    public ChainVerification verifyFromCheckpoint() {
        return db.read(s -> verifier.verifyFromCheckpoint(new Rows(s)));
    }

    /** The chain as one read snapshot sees it. */
    private record Rows(Session s) implements StoredChain {
        @Override
        public ChainVerification verifyAfter(long seq, String hash) throws SQLException {
            PreparedStatement ps = s.prepare(AFTER);
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return AuditRows.verify(rs, seq, hash);
            }
        }

        @Override
        public @Nullable String hashAt(long seq) throws SQLException {
            PreparedStatement ps = s.prepare("SELECT hash FROM audit_log WHERE seq = ?");
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }

        @Override
        public Optional<AuditCheckpoint> latestCheckpoint() throws SQLException {
            return SqliteAuditLog.latestCheckpoint(s);
        }

        @Override
        public List<AuditCheckpoint> allCheckpoints() throws SQLException {
            try (ResultSet rs = s.prepare(CHECKPOINTS + " ORDER BY id").executeQuery()) {
                return AuditRows.checkpoints(rs);
            }
        }
    }

    @Override
    public List<AuditEntry> read(long fromSeq, int limit) {
        if (limit < 0) {
            throw SilasException.invalid("limit", "must be >= 0");
        }
        return db.read(s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?");
            ps.setLong(1, fromSeq);
            ps.setInt(2, limit);
            return readAll(ps);
        });
    }

    @Override
    public List<AuditEntry> findByEvent(String event) {
        return db.read(s -> {
            PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM audit_log WHERE event = ? ORDER BY seq");
            ps.setString(1, event);
            return readAll(ps);
        });
    }

    @Override
    public long size() {
        return db.read(s -> {
            try (ResultSet rs = s.prepare("SELECT count(*) FROM audit_log").executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private static Optional<AuditCheckpoint> latestCheckpoint(Session s) throws SQLException {
        try (ResultSet rs = s.prepare(CHECKPOINTS + " ORDER BY id DESC LIMIT 1").executeQuery()) {
            return rs.next() ? Optional.of(AuditRows.checkpoint(rs)) : Optional.empty();
        }
    }

    private static List<AuditEntry> readAll(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return AuditRows.entries(rs);
        }
    }
}
