package io.silas.bench;

import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItem;
import io.silas.postgres.PostgresStores;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Approvals issued + verified (consuming: execution nonces recorded) with the PostgreSQL nonce store and audit log,
 * against raw Tink Ed25519 sign + verify of the same payload in the same run (the anchor), and a single JVM's audit
 * appends on PostgreSQL. The server is {@code -Dsilas.postgres.url=<jdbc-url>} (a fresh schema is created and
 * dropped).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class PostgresApprovalBenchmark {
    private String schema;
    private PostgresStores stores;
    private SigningKeys keys;
    private RawSignVerify raw;
    private ApprovalEngine engine;
    private WorkItem task;
    private long appended;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException, SQLException {
        String url = System.getProperty("silas.postgres.url");
        schema = "bench_approval_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        stores = PostgresStores.open(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                Clock.systemUTC());
        keys = SigningKeys.generate();
        engine = ApprovalEngine.builder().signingKeys(keys).nonceStore(stores.nonceStore()).audit(stores.auditLog())
                .clock(Clock.systemUTC()).build();
        task = RawSignVerify.TASK;
        raw = new RawSignVerify(keys, engine);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        stores.close();
        try (Connection c = DriverManager.getConnection(System.getProperty("silas.postgres.url"));
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** Issue a token, then verify and consume it (execution nonce on PostgreSQL; audit entries on PostgreSQL). */
    @Benchmark
    public ApprovalToken issueAndVerifyPostgres() {
        ApprovalToken token = engine.issue(task, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
        return engine.verify(token, task, null).orThrow();
    }

    @Benchmark
    public byte[] rawSignVerify() throws GeneralSecurityException {
        return raw.run();
    }

    @Benchmark
    public Object auditAppendPostgres() {
        return stores.auditLog().append("bench_append", java.util.Map.of("i", appended++));
    }
}
