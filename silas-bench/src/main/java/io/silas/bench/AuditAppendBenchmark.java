package io.silas.bench;

import io.silas.core.audit.AuditAnchor;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditSeal;
import io.silas.core.json.CanonicalJson;
import io.silas.core.trust.SigningKeys;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Audit appends per second on the SQLite bundle beside raw single-row SQLite inserts (autocommit, one
 * prepared statement) into a table of the same shape and indexes as {@code audit_log}, on a connection with
 * the bundle's own pragmas (WAL, {@code synchronous=FULL}, so every commit syncs the WAL in both cases): the gap
 * is the cost of the hash chain (head read, canonical JSON, SHA-256) and the explicit transaction around it.
 * Target: audit append at least 50% of the raw insert rate. Both are dominated by the WAL sync, so on a
 * shared disk run them more than once.
 *
 * <p>{@link #sealedAuditAppend()} is the same append on a bundle opened with an {@link AuditSeal} (real Ed25519 key,
 * anchor file synced on every checkpoint, the default checkpoint every {@value AuditSeal#DEFAULT_ANCHOR_EVERY}
 * entries): its rate against {@link #auditAppend()} in the same run is the cost of signed, anchored checkpoints;
 * the {@code sealedVsPlain} group runs both at once on one disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class AuditAppendBenchmark {
    private static final String EVENT = "tool_call";

    private Path dir;
    private SqliteStores stores;
    private AuditLog log;
    private SqliteStores sealedStores;
    private AuditLog sealedLog;
    private long sealedCounter;
    private Connection raw;
    private PreparedStatement insert;
    private long counter;
    private long auditCounter;
    private long rawCounter;
    private String rawData;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        dir = BenchFiles.tempDir("silas-audit-append");
        stores = SqliteStores.open(dir.resolve("silas.db"), Clock.systemUTC());
        log = stores.auditLog();
        AuditSeal seal = AuditSeal.of(SigningKeys.generate(), AuditAnchor.file(dir.resolve("keys/audit-anchor.jsonl")),
                AuditSeal.DEFAULT_ANCHOR_EVERY);
        sealedStores = SqliteStores.open(dir.resolve("sealed.db"), Clock.systemUTC(), seal);
        sealedLog = sealedStores.auditLog();
        raw = BenchFiles.rawConnection(dir.resolve("raw.db"));
        try (Statement s = raw.createStatement()) {
            s.execute("CREATE TABLE raw_log (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, "
                    + "event TEXT NOT NULL, data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)");
            s.execute("CREATE INDEX raw_log_event ON raw_log(event, seq)");
        }
        insert = raw.prepareStatement(
                "INSERT INTO raw_log(seq, id, at, event, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
        rawData = CanonicalJson.string(data(0));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        insert.close();
        raw.close();
        stores.close();
        sealedStores.close();
        BenchFiles.deleteRecursively(dir);
    }

    private static Map<String, Object> data(long n) {
        return Map.of("work_item_id", "task-42", "tool", "shell_exec", "n", n);
    }

    @Benchmark
    public AuditEntry auditAppend() {
        return log.append(EVENT, data(++counter));
    }

    /** {@link #auditAppend()} with signed checkpoints anchored outside the database. */
    @Benchmark
    public AuditEntry sealedAuditAppend() {
        return sealedLog.append(EVENT, data(++sealedCounter));
    }

    /** Plain appends, run at the same time as {@link #sealedVsPlainSealed()} on the same disk. */
    @Benchmark
    @Group("sealedVsPlain")
    @GroupThreads(1)
    public AuditEntry sealedVsPlainPlain() {
        return log.append(EVENT, data(++auditCounter));
    }

    /** Sealed appends, the other half of {@link #sealedVsPlainPlain()}. */
    @Benchmark
    @Group("sealedVsPlain")
    @GroupThreads(1)
    public AuditEntry sealedVsPlainSealed() {
        return sealedLog.append(EVENT, data(++sealedCounter));
    }

    @Benchmark
    public int rawInsert() throws SQLException {
        return insertRaw(++counter);
    }

    /**
     * The same two operations run at the same time on two threads, so that both see the same disk: on a shared
     * machine the WAL sync time drifts between the separate runs above, and this pair gives the fairer ratio.
     */
    @Benchmark
    @Group("sideBySide")
    @GroupThreads(1)
    public AuditEntry sideBySideAudit() {
        return log.append(EVENT, data(++auditCounter));
    }

    /** The raw half of {@link #sideBySideAudit()}. */
    @Benchmark
    @Group("sideBySide")
    @GroupThreads(1)
    public int sideBySideRaw() throws SQLException {
        return insertRaw(++rawCounter);
    }

    private int insertRaw(long seq) throws SQLException {
        insert.setLong(1, seq);
        insert.setString(2, UUID.randomUUID().toString());
        insert.setString(3, Instant.now().toString());
        insert.setString(4, EVENT);
        insert.setString(5, rawData);
        insert.setString(6, "0".repeat(64));
        insert.setString(7, "f".repeat(64));
        return insert.executeUpdate();
    }
}
