package io.silas.bench;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalCheck;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.approval.ApprovalToken;
import io.silas.core.audit.AuditLog;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.work.WorkItem;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
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
 * Approvals issued + verified (consuming) per second with the SQLite nonce store, beside raw Tink Ed25519
 * sign + verify of a comparable payload (the canonical signed payload of a real token) in the same run. One
 * approval = plan hash + sign + audit at issue; plan hash + slot claim and execution nonce record (one durable
 * commit, made by the caller while the engine's helper thread checks the signature) + audit at verify. Target: at
 * least 50% of the raw rate. {@code issueAndVerify} audits in memory, so the gap is the engine plus the nonce store; {@code issueAndVerifyAllSqlite} also audits to SQLite, as a
 * production host would; {@code issueAndVerifyInMemory} (in-memory nonces) isolates the engine's own cost.
 * {@code sequentialSignVerifyNonceCommit} is raw sign + verify followed by the same two-row durable commit, with
 * none of the engine's own work: the rate an engine that committed only after the signature check could not exceed
 * on this machine's disk.
 * {@code sideBySide} runs an approval thread and a raw thread at the same time so that
 * both see the same machine load (the fairer ratio on a shared machine); {@code sideBySideNormal} does the same
 * with the store opened with {@code SqliteStores.Durability.NORMAL}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ApprovalBenchmark {
    private Path dir;
    private SqliteStores stores;
    private SigningKeys keys;
    private RawSignVerify raw;
    private ApprovalEngine engine;
    private ApprovalEngine allSqliteEngine;
    private ApprovalEngine inMemoryEngine;
    private SqliteStores normalStores;
    private ApprovalEngine normalSyncEngine;
    private WorkItem task;
    private final IdGenerator ids = IdGenerator.random();
    private final Clock clock = Clock.systemUTC();

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        dir = BenchFiles.tempDir("silas-approval");
        stores = SqliteStores.open(dir.resolve("silas.db"), Clock.systemUTC());
        keys = SigningKeys.generate();
        engine = ApprovalEngine.builder().signingKeys(keys).nonceStore(stores.nonceStore())
                .audit(AuditLog.inMemory(Clock.systemUTC())).clock(Clock.systemUTC()).build();
        allSqliteEngine = ApprovalEngine.builder().signingKeys(keys).nonceStore(stores.nonceStore())
                .audit(stores.auditLog()).clock(Clock.systemUTC()).build();
        inMemoryEngine = ApprovalEngine.builder().signingKeys(keys).nonceStore(NonceStore.inMemory())
                .audit(AuditLog.inMemory(Clock.systemUTC())).clock(Clock.systemUTC()).build();
        normalStores = SqliteStores.open(dir.resolve("normal-sync.db"), Clock.systemUTC(),
                SqliteStores.Durability.NORMAL);
        normalSyncEngine = ApprovalEngine.builder().signingKeys(keys).nonceStore(normalStores.nonceStore())
                .audit(AuditLog.inMemory(Clock.systemUTC())).clock(Clock.systemUTC()).build();
        task = RawSignVerify.TASK;
        raw = new RawSignVerify(keys, engine);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        normalStores.close();
        stores.close();
        BenchFiles.deleteRecursively(dir);
    }

    @Benchmark
    public ApprovalToken issueAndVerify() {
        return approve(engine);
    }

    @Benchmark
    public ApprovalToken issueAndVerifyAllSqlite() {
        return approve(allSqliteEngine);
    }

    /** Attribution: the engine alone (in-memory nonces and audit), i.e. without the SQLite commits. */
    @Benchmark
    public ApprovalToken issueAndVerifyInMemory() {
        return approve(inMemoryEngine);
    }

    /**
     * The SQLite nonce store opened with {@code SqliteStores.Durability.NORMAL} (no fsync per commit; the opt-in
     * for hosts that accept its power-loss window), beside the default {@code FULL} of {@link #issueAndVerify()}.
     */
    @Benchmark
    public ApprovalToken issueAndVerifySqliteNormalSync() {
        return approve(normalSyncEngine);
    }

    /**
     * Raw sign + verify, then the durable part of a consuming verify (the slot and execution-nonce rows in one
     * commit, shaped like the engine's bindings), without plan hashes, canonical payloads or audit.
     */
    @Benchmark
    public int sequentialSignVerifyNonceCommit() throws GeneralSecurityException {
        rawSignVerify();
        String tokenNonce = ids.next();
        return stores.nonceStore().recordInOrder(NonceStore.DOMAIN_EXECUTION,
                List.of("slot:" + tokenNonce + ":1", ids.next() + ":" + tokenNonce + ":" + ids.next()), clock.instant());
    }

    @Benchmark
    public byte[] rawSignVerify() throws GeneralSecurityException {
        return raw.run();
    }

    /** Approvals (SQLite nonces) concurrently with {@link #sideBySideRaw()}. */
    @Benchmark
    @Group("sideBySide")
    @GroupThreads(1)
    public ApprovalToken sideBySideApproval() {
        return approve(engine);
    }

    /** The raw half of {@link #sideBySideApproval()}. */
    @Benchmark
    @Group("sideBySide")
    @GroupThreads(1)
    public byte[] sideBySideRaw() throws GeneralSecurityException {
        return rawSignVerify();
    }

    /** Approvals (SQLite nonces, {@code Durability.NORMAL}) concurrently with {@link #sideBySideNormalRaw()}. */
    @Benchmark
    @Group("sideBySideNormal")
    @GroupThreads(1)
    public ApprovalToken sideBySideNormalApproval() {
        return approve(normalSyncEngine);
    }

    /** The raw half of {@link #sideBySideNormalApproval()}. */
    @Benchmark
    @Group("sideBySideNormal")
    @GroupThreads(1)
    public byte[] sideBySideNormalRaw() throws GeneralSecurityException {
        return rawSignVerify();
    }

    private ApprovalToken approve(ApprovalEngine approvals) {
        ApprovalToken token = approvals.issue(task, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
        ApprovalCheck check = approvals.verify(token, task, null);
        return check.orThrow();
    }
}
