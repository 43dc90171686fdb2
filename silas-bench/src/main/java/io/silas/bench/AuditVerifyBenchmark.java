package io.silas.bench;

import io.silas.core.audit.AuditChain;
import io.silas.core.audit.AuditEntry;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.ChainVerification;
import io.silas.core.json.CanonicalJson;
import io.silas.core.json.Json;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code verifyChain()} over a SQLite audit log of 1,000,000 entries, reported as entries verified per
 * second (one invocation verifies the whole log). Target: the whole log in under 10 s, i.e. more than
 * 100,000 entries/s.
 *
 * <p>The fixture is built once per trial: the chain is computed with {@link AuditChain#hashOf} exactly as
 * an append would, and written in one transaction in the column format the SQLite log uses ({@code at} as
 * {@link Instant#toString()}, {@code data} as canonical JSON), because a million individually synced appends
 * would take far longer than the measurement. A broken fixture fails the benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class AuditVerifyBenchmark {
    static final int ENTRIES = 1_000_000;

    private Path dir;
    private SqliteStores stores;
    private AuditLog log;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        dir = BenchFiles.tempDir("silas-audit-verify");
        Path file = dir.resolve("silas.db");
        SqliteStores.open(file, Clock.systemUTC()).close();
        try (Connection c = BenchFiles.rawConnection(file)) {
            writeFixture(c);
        }
        stores = SqliteStores.open(file, Clock.systemUTC());
        log = stores.auditLog();
        if (log.size() != ENTRIES) {
            throw new IllegalStateException("fixture has " + log.size() + " entries");
        }
    }

    private static void writeFixture(Connection c) throws SQLException {
        Instant start = Instant.parse("2026-02-01T00:00:00Z");
        String prev = AuditChain.GENESIS;
        try (Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO audit_log(seq, id, at, event, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.execute("BEGIN IMMEDIATE");
            for (int seq = 1; seq <= ENTRIES; seq++) {
                Map<String, Object> data = Map.of("work_item_id", "task-" + (seq % 1000), "tool", "shell_exec",
                        "n", seq, "ok", seq % 7 != 0);
                String event = seq % 10 == 0 ? "gate_blocked" : "tool_call";
                AuditEntry unsigned = new AuditEntry(UUID.randomUUID().toString(), seq, start.plusMillis(seq * 37L),
                        event, Json.tree(data), prev, "");
                String hash = AuditChain.hashOf(unsigned);
                ps.setLong(1, seq);
                ps.setString(2, unsigned.id());
                ps.setString(3, unsigned.at().toString());
                ps.setString(4, event);
                ps.setString(5, CanonicalJson.string(unsigned.data()));
                ps.setString(6, prev);
                ps.setString(7, hash);
                ps.executeUpdate();
                prev = hash;
            }
            s.execute("COMMIT");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stores.close();
        BenchFiles.deleteRecursively(dir);
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public ChainVerification verifyChain() {
        ChainVerification v = log.verifyChain();
        if (!v.valid() || v.entriesChecked() != ENTRIES) {
            throw new IllegalStateException("fixture chain did not verify: " + v);
        }
        return v;
    }
}
