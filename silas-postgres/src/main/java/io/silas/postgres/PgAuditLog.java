package io.silas.postgres;

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

/**
 * {@link AuditLog} in {@code audit_log}: one hash chain for the whole cluster, with the rules of every other log
 * ({@link AuditChain}). A batch of appends (group commit) is first chained onto the head this JVM last wrote or read
 * and inserted in ONE auto-committed statement: {@code seq} is the primary key, so if any JVM appended meanwhile the
 * statement fails as a whole on the next number (nothing written, no fork) and the batch is chained again onto the
 * head read afresh; after {@value #OPTIMISTIC_ATTEMPTS} such conflicts it takes the chain's advisory lock, reads the
 * head under it and inserts (the serialised path). So one JVM appends with one round trip per batch, several JVMs
 * never fork the chain, and sequence numbers stay gap-free; verification reads one {@code REPEATABLE READ} snapshot.
 *
 * <p>{@code data} is stored as canonical JSON and {@code at} as {@link Instant#toString()}: the columns hold exactly
 * the text the hash covers. With an {@link AuditSeal}, checkpoints are signed, written to the seal's anchor outside
 * the database after their row commits, and taken every {@link AuditSeal#anchorEvery()} entries. Every verification
 * also fails when the log holds fewer entries than this JVM has appended (a truncation while it runs).
 */
final class PgAuditLog implements AuditLog {
    private static final String COLUMNS = AuditRows.COLUMNS;
    private static final String CHAIN_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('silas.audit_log', 0))";
    private static final String HEAD = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
    /** Optimistic inserts tried before the locked path. */
    static final int OPTIMISTIC_ATTEMPTS = 2;
    /** Locked inserts tried (an optimistic writer elsewhere may still take a number between head read and insert). */
    private static final int LOCKED_ATTEMPTS = 20;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CHECKPOINTS = AuditRows.CHECKPOINTS;
    private static final String AFTER = "SELECT " + COLUMNS + " FROM audit_log WHERE seq > ? ORDER BY seq";

    private final PgDatabase db;
    private final Clock clock;
    private final IdGenerator ids;
    private final @Nullable AuditSeal seal;
    private final AtomicLong appendedUpTo = new AtomicLong();
    private final GroupCommit<Pending, Link> appends = new GroupCommit<>(this::writeBatch, 256);
    private final Object checkpointLock = new Object();
    private final StoredChainVerifier verifier;
    /** The head this JVM last wrote or read (only the group commit's one writer at a time changes it). */
    private volatile @Nullable Head lastHead;

    PgAuditLog(PgDatabase db, Clock clock, IdGenerator ids, @Nullable AuditSeal seal) {
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
        Pending pending = new Pending(ids.next(), event, CanonicalJson.string(stored));
        Link link = appends.submit(pending);
        appendedUpTo.accumulateAndGet(link.seq(), Math::max);
        Checkpoints.afterAppend(this, seal, link.seq());
        return new AuditEntry(pending.id(), link.seq(), link.at(), event, stored, link.prevHash(), link.hash());
    }

    /** An entry waiting to be chained. */
    record Pending(String id, String event, String data) {
    }

    /**
     * Chains a batch of waiting entries: optimistically onto the last known head in one auto-committed statement,
     * else under the chain lock. Concurrent appends of this JVM share one batch (group commit).
     */
    private List<Link> writeBatch(List<Pending> batch) {
        Head head = lastHead;
        for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
            if (head == null) {
                head = db.autoCommit(PgAuditLog::head);
            }
            Chained chained = chain(batch, head);
            boolean inserted = db.autoCommit(c -> {
                try {
                    insert(c, chained.rows());
                    return true;
                } catch (SQLException e) {
                    if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        return false; // another JVM appended since this head: nothing was written
                    }
                    throw e;
                }
            });
            if (inserted) {
                lastHead = chained.head();
                return chained.links();
            }
            head = null;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Chained chained = db.write(c -> {
                    Chained locked = chain(batch, lockedHead(c));
                    insert(c, locked.rows());
                    return locked;
                });
                lastHead = chained.head();
                return chained.links();
            } catch (SilasException e) {
                if (attempt >= LOCKED_ATTEMPTS || !uniqueViolation(e)) {
                    throw e;
                }
                // an optimistic writer of another JVM took the number between the head read and the insert: again
            }
        }
    }

    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A batch chained onto a head: the rows to insert, each caller's link, and the new head. */
    private record Chained(List<Object[]> rows, List<Link> links, Head head) {
    }

    private Chained chain(List<Pending> batch, Head head) {
        List<Object[]> rows = new ArrayList<>(batch.size());
        List<Link> links = new ArrayList<>(batch.size());
        EntryHasher hasher = new EntryHasher();
        long seq = head.seq();
        String prev = head.hash();
        for (Pending p : batch) {
            seq++;
            Instant at = clock.instant();
            String hash = hasher.hash(seq, p.id(), at.toString(), p.event(), p.data(), prev);
            rows.add(new Object[] {seq, p.id(), at.toString(), p.event(), p.data(), prev, hash});
            links.add(new Link(seq, at, prev, hash));
            prev = hash;
        }
        return new Chained(rows, links, new Head(seq, prev));
    }

    /** Inserts the rows with one multi-row statement (atomic: all or none). */
    private static void insert(Connection c, List<Object[]> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO audit_log(" + COLUMNS + ") VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int n = 1;
            for (Object[] row : rows) {
                for (Object value : row) {
                    ps.setObject(n++, value);
                }
            }
            ps.executeUpdate();
        }
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
        return head(c);
    }

    /** The newest entry's position and hash. */
    private static Head head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HEAD); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, AuditChain.GENESIS);
        }
    }

    @Override
    public ChainVerification verifyChain() {
        return db.read(c -> verifier.verifyChain(new Rows(c)));
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
            Checkpoints.anchor(seal, written);
            return written;
        }
    }

    @Override
    public Optional<AuditCheckpoint> latestCheckpoint() {
        return db.read(PgAuditLog::latestCheckpoint);
    }

    @Override
    public ChainVerification verifyFromCheckpoint() {
        return db.read(c -> verifier.verifyFromCheckpoint(new Rows(c)));
    }

    /** The chain as one transaction's connection sees it. */
    private record Rows(Connection c) implements StoredChain {
        @Override
        public ChainVerification verifyAfter(long seq, String hash) throws SQLException {
            try (PreparedStatement ps = Sql.bind(c, AFTER, seq)) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    return AuditRows.verify(rs, seq, hash);
                }
            }
        }

        @Override
        public @Nullable String hashAt(long seq) throws SQLException {
            try (PreparedStatement ps = Sql.bind(c, "SELECT hash FROM audit_log WHERE seq = ?", seq);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }

        @Override
        public Optional<AuditCheckpoint> latestCheckpoint() throws SQLException {
            return PgAuditLog.latestCheckpoint(c);
        }

        @Override
        public List<AuditCheckpoint> allCheckpoints() throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(CHECKPOINTS + " ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                return AuditRows.checkpoints(rs);
            }
        }
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

    private static Optional<AuditCheckpoint> latestCheckpoint(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CHECKPOINTS + " ORDER BY id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(AuditRows.checkpoint(rs)) : Optional.empty();
        }
    }

    private static List<AuditEntry> readAll(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = Sql.bind(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return AuditRows.entries(rs);
        }
    }
}
