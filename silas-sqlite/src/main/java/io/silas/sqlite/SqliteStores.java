package io.silas.sqlite;

import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditSeal;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.context.ChronicleStore;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryStore;
import io.silas.core.persona.PersonaStore;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.stream.InboxStore;
import io.silas.core.trust.NonceStore;
import io.silas.core.work.WorkItemStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite implementations of the SDK's stores, opened together over one database file
 * ({@code silas.db}). Opening creates the file (and its directory) if needed, applies pending schema
 * migrations, and checks the recorded checksums of applied ones.
 *
 * <pre>{@code
 * try (SqliteStores stores = SqliteStores.open(dataDir.resolve("silas.db"), Clock.systemUTC())) {
 *     AuditLog audit = stores.auditLog();
 *     NonceStore nonces = stores.nonceStore();
 *     PersonaStore personas = stores.personaStore();
 *     WorkItemStore workItems = stores.workItemStore();
 *     ChronicleStore chronicle = stores.chronicleStore();
 *     MemoryStore memories = stores.memoryStore();
 *     ReviewQueueStore reviews = stores.reviewQueueStore();
 *     ConnectionRegistry connections = stores.connectionRegistry();
 *     InboxStore inbox = stores.inboxStore();
 * }
 * }</pre>
 *
 * <p><b>Storage settings.</b> WAL journal, {@code synchronous=FULL} by default (a write that returned survives
 * power loss: a recorded nonce or audit entry is never silently rolled back, which would re-open a replay
 * window; see {@link Durability} for the faster opt-in), foreign keys on, a {@code busy_timeout}. One writer connection serialised by a lock runs every
 * write as a single transaction; a small pool of read-only connections serves reads from a consistent
 * snapshot.
 *
 * <p><b>One process per file.</b> {@link #open} takes an exclusive lock on {@code silas.db.lock} next to the file
 * (it records the holder's process id) and keeps it until {@link #close()}: a second process — or a second bundle in
 * this one — gets {@code STORE_LOCKED} naming the holder. Two writers would each continue their own turn counters
 * and reuse turn numbers. The OS releases the lock when the holder dies (even by {@code kill -9}). Read-only tools,
 * such as an audit-chain check, use {@link #openReadOnly}, which takes no lock and never writes.
 *
 * <p><b>Errors.</b> Every method may throw {@link SilasException} with {@code DB_BUSY} (the database stayed
 * locked through bounded retries; retryable), {@code DB_CORRUPT} (the file is damaged or not a database;
 * the bundle then refuses all further calls), {@code DB_MIGRATION_MISMATCH} (at open: an applied migration
 * changed, or the database was written by a newer SDK) or {@code DB_FAILURE} (anything else, including
 * use after {@link #close()}).
 *
 * <p><b>Security guarantees.</b> Audit entries are hash-chained exactly like the in-memory log and cannot
 * be updated or deleted through SQL triggers; editing, reordering or inserting entries in the file is detected by
 * {@link AuditLog#verifyChain()}. Truncating the log (also behind a forged checkpoint row) is detected only when the
 * bundle is opened with an {@link AuditSeal}, whose signed checkpoints live outside the file. The database file and
 * its {@code -wal} / {@code -shm} files are created (or tightened to) {@code 0600}. Nonce recording is a single atomic insert: one winner per key, across
 * threads and processes (a read-only bundle refuses every write). Work items keep their approval token byte for byte, including the consumed-execution
 * state. Memory keyword search passes user text to FTS5 only as quoted literals, and every chronicle, memory
 * and review-queue query is filtered by scope in SQL. No secret values are stored.
 *
 * <p>Thread-safe. The stores returned by the accessors share this bundle's connections and stop working
 * once it is closed.
 */
public final class SqliteStores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStores.class);
    private final Database db;
    private final @Nullable StoreLock lock;
    private final int schemaVersion;
    private final AuditLog auditLog;
    private final NonceStore nonceStore;
    private final PersonaStore personaStore;
    private final WorkItemStore workItemStore;
    private final ChronicleStore chronicleStore;
    private final MemoryStore memoryStore;
    private final ReviewQueueStore reviewQueueStore;
    private final ConnectionRegistry connectionRegistry;
    private final InboxStore inboxStore;

    private SqliteStores(Database db, @Nullable StoreLock lock, Clock clock, IdGenerator ids,
                         @Nullable AuditSeal seal) {
        this.db = db;
        this.lock = lock;
        this.schemaVersion = lock == null ? Migrations.requireCurrent(db) : Migrations.migrate(db, clock);
        this.auditLog = new SqliteAuditLog(db, clock, ids, seal);
        this.nonceStore = new SqliteNonceStore(db);
        this.personaStore = new SqlitePersonaStore(db);
        this.workItemStore = new SqliteWorkItemStore(db, clock);
        this.chronicleStore = new SqliteChronicleStore(db);
        this.memoryStore = new SqliteMemoryStore(db);
        this.reviewQueueStore = new SqliteReviewQueueStore(db);
        this.connectionRegistry = new SqliteConnectionRegistry(db);
        this.inboxStore = new SqliteInboxStore(db);
    }

    /**
     * Opens (creating if needed) the database file and migrates it to the current schema.
     *
     * @param dbFile the database file, conventionally {@code <data dir>/silas.db}
     * @param clock  the time source for audit entries, checkpoints, migration records and work-item
     *               {@code updated_at} columns
     * @return the sqlite stores
     */
    public static SqliteStores open(Path dbFile, Clock clock) {
        return open(dbFile, clock, Durability.FULL);
    }

    /**
     * Opens the database file with an explicit {@link Durability}; {@link #open(Path, Clock)} is
     * {@code open(dbFile, clock, Durability.FULL)}.
     *
     * @param dbFile the database file, conventionally {@code <data dir>/silas.db}
     * @param clock the clock to read time from
     * @param durability the durability
     * @return the sqlite stores
     * @throws SilasException {@code INVALID_INPUT} (field {@code durability}) when it is null
     */
    public static SqliteStores open(Path dbFile, Clock clock, Durability durability) {
        if (durability == null) {
            throw SilasException.invalid("durability", "must not be null");
        }
        return open(dbFile, clock, Database.Settings.DEFAULT.withDurability(durability), null);
    }

    /**
     * Opens the database file with an audit log whose checkpoints are signed and anchored outside the file by
     * {@code seal}: the form to use whenever someone who can write {@code silas.db} must not be able to make a
     * truncated or rewritten audit log verify (see {@link AuditSeal} for the window after the newest anchor).
     *
     * @param dbFile the database file, conventionally {@code <data dir>/silas.db}
     * @param clock the clock to read time from
     * @param seal the seal
     * @return the sqlite stores
     * @throws SilasException {@code INVALID_INPUT} (field {@code seal}) when it is null
     */
    public static SqliteStores open(Path dbFile, Clock clock, AuditSeal seal) {
        return open(dbFile, clock, Durability.FULL, seal);
    }

    /**
     * {@link #open(Path, Clock, AuditSeal)} with an explicit {@link Durability}.
     *
     * @param dbFile the database file, conventionally {@code <data dir>/silas.db}
     * @param clock the clock to read time from
     * @param durability the durability
     * @param seal the seal
     * @return the sqlite stores
     */
    public static SqliteStores open(Path dbFile, Clock clock, Durability durability, AuditSeal seal) {
        if (durability == null) {
            throw SilasException.invalid("durability", "must not be null");
        }
        if (seal == null) {
            throw SilasException.invalid("seal", "must not be null");
        }
        return open(dbFile, clock, Database.Settings.DEFAULT.withDurability(durability), seal);
    }

    static SqliteStores open(Path dbFile, Clock clock, Database.Settings settings) {
        return open(dbFile, clock, settings, null);
    }

    static SqliteStores open(Path dbFile, Clock clock, Database.Settings settings, @Nullable AuditSeal seal) {
        if (seal == null) {
            LOG.warn("{} is opened without an AuditSeal: a truncated audit log (also behind a forged checkpoint) is "
                    + "not detected; open it with SqliteStores.open(file, clock, seal) to anchor checkpoints", dbFile);
        }
        requireArguments(dbFile, clock);
        StoreLock lock = StoreLock.acquire(dbFile);
        try {
            return open(dbFile, lock, clock, settings, seal);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Opens an existing, fully migrated database file for reading only, without taking the single-process lock: for
     * tools that inspect the file while the assistant runs (e.g. {@code auditLog().verifyChain()}). Every write
     * through the returned bundle fails with {@code DB_FAILURE}; nothing is migrated or created.
     *
     * @param dbFile the database file, conventionally {@code <data dir>/silas.db}
     * @param clock the clock to read time from
     * @return the sqlite stores
     * @throws SilasException {@code NOT_FOUND} when the file does not exist; {@code DB_MIGRATION_MISMATCH} when its
     *     schema is not the current one (open it once read-write to migrate)
     */
    public static SqliteStores openReadOnly(Path dbFile, Clock clock) {
        return openReadOnly(dbFile, clock, null);
    }

    /**
     * {@link #openReadOnly(Path, Clock)} whose audit log also checks the checkpoints and anchor of {@code seal} (the
     * form a verification tool should use for a sealed database; taking a checkpoint through it fails).
     *
     * @param dbFile the database file, conventionally {@code <data dir>/silas.db}
     * @param clock the clock to read time from
     * @param seal the seal
     * @return the sqlite stores
     */
    public static SqliteStores openReadOnly(Path dbFile, Clock clock, @Nullable AuditSeal seal) {
        requireArguments(dbFile, clock);
        if (!java.nio.file.Files.isRegularFile(dbFile)) {
            throw new SilasException(io.silas.core.error.ErrorCode.NOT_FOUND, "no database file at " + dbFile);
        }
        return open(dbFile, null, clock, Database.Settings.DEFAULT.readOnly(), seal);
    }

    private static SqliteStores open(Path dbFile, @Nullable StoreLock lock, Clock clock, Database.Settings settings,
                                     @Nullable AuditSeal seal) {
        Database db = Database.open(dbFile, settings);
        try {
            return new SqliteStores(db, lock, clock, IdGenerator.random(), seal);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static void requireArguments(@Nullable Path dbFile, @Nullable Clock clock) {
        if (dbFile == null) {
            throw SilasException.invalid("db_file", "must not be null");
        }
        if (clock == null) {
            throw SilasException.invalid("clock", "must not be null");
        }
    }

    /**
     * {@return the pragmas each connection of a bundle runs, in order} Published so that benchmarks and tools can
     * reproduce the exact durability settings.
     */
    public static List<String> connectionPragmas() {
        return Database.pragmas(Database.Settings.DEFAULT);
    }

    /**
     * When a write that returned is safe. Both levels run in WAL mode, never corrupt the file, and keep every
     * returned write across a crash or {@code kill -9} of the JVM; they differ only on power loss or an OS crash.
     *
     * <p><b>Security note:</b> under {@link #NORMAL} a power loss can roll back the last commits together — a
     * consumed approval's execution nonce, a message nonce and the matching audit entries — so the affected
     * token or signed message could be accepted once more after the machine comes back. Choose it only where the
     * host accepts that window (e.g. a replicated or battery-backed disk, or approvals that are idempotent).
     */
    public enum Durability {
        /** {@code synchronous=FULL}: the WAL is synced on every commit; a returned write survives power loss. */
        FULL,
        /**
         * {@code synchronous=NORMAL}: the WAL is synced only at checkpoints; several times faster per commit on
         * disks with slow {@code fsync}, at the cost described above.
         */
        NORMAL
    }

    /** {@return the hash-chained audit log} */
    public AuditLog auditLog() {
        return auditLog;
    }

    /** {@return the used-nonce store (domains {@code msg}, {@code exec})} */
    public NonceStore nonceStore() {
        return nonceStore;
    }

    /**
     * Personality state and persona events per scope.
     *
     * @return the persona store
     */
    public PersonaStore personaStore() {
        return personaStore;
    }

    /**
     * Work items with their approval tokens ({@code updated_at} columns from the bundle's clock).
     *
     * @return the work item store
     */
    public WorkItemStore workItemStore() {
        return workItemStore;
    }

    /**
     * Conversation history per scope, for rehydration.
     *
     * @return the chronicle store
     */
    public ChronicleStore chronicleStore() {
        return chronicleStore;
    }

    /**
     * Long-term memories per scope: the active lane with FTS5 keyword search and the raw archive lane.
     *
     * @return the memory store
     */
    public MemoryStore memoryStore() {
        return memoryStore;
    }

    /** {@return pending batch reviews, suggestions and autonomy proposals per scope} */
    public ReviewQueueStore reviewQueueStore() {
        return reviewQueueStore;
    }

    /** {@return the registry of managed service connections} */
    public ConnectionRegistry connectionRegistry() {
        return connectionRegistry;
    }

    /**
     * {@return the Stream's durable inbox; it writes turn chronicle entries to {@link #chronicleStore()} in the same
     * transaction as its own row changes}
     */
    public InboxStore inboxStore() {
        return inboxStore;
    }

    /** {@return the schema version after migration (the number of applied migrations)} */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** {@return the absolute path of the database file} */
    public Path file() {
        return db.file();
    }

    /** Closes every connection and releases the single-process lock. Idempotent. */
    @Override
    public void close() {
        try {
            db.close();
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
