package io.silas.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.silas.core.IdGenerator;
import io.silas.core.audit.AuditLog;
import io.silas.core.audit.AuditSeal;
import io.silas.core.connection.ConnectionRegistry;
import io.silas.core.context.ChronicleStore;
import io.silas.core.error.SilasException;
import io.silas.core.limit.SharedBuckets;
import io.silas.core.memory.MemoryStore;
import io.silas.core.persona.PersonaStore;
import io.silas.core.proactivity.ReviewQueueStore;
import io.silas.core.stream.SharedInboxStore;
import io.silas.core.trust.NonceStore;
import io.silas.core.work.WorkItemStore;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL implementations of the SDK's stores, opened together over one database that several JVMs may share:
 * the drop-in for {@code SqliteStores} when one process on one file is not enough.
 *
 * <pre>{@code
 * try (PostgresStores stores = PostgresStores.builder()
 *         .jdbcUrl("jdbc:postgresql://db.internal:5432/silas?user=silas")
 *         .clock(Clock.systemUTC()).nodeId("jvm-1").seal(seal).open()) {
 *     Stream stream = Stream.builder().audit(stores.auditLog())
 *             .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
 *             .inbox(stores.inboxStore())   // config, agents, gates, trust, channel as with SQLite
 *             .build();
 * }
 * }</pre>
 *
 * <p><b>Schema.</b> Opening applies pending migrations with Flyway (see the README for why Flyway) in the
 * connection's current schema and refuses a database whose applied migrations differ from this SDK's
 * ({@code DB_MIGRATION_MISMATCH}). Several JVMs may open at once: the migration runs once.
 *
 * <p><b>Cluster.</b> Every JVM opens its own bundle with a distinct, stable {@link Builder#nodeId node id}; the
 * bundle keeps a lease for it in the database while it is open. Audit appends from every JVM go to one hash chain
 * (serialised by an advisory lock), nonces are recorded with one winner across the cluster, and the inbox rows of a
 * JVM whose lease expired are taken over by the others ({@link #clusterInbox()}). A restarted JVM with the same node
 * id takes its own rows back at once.
 *
 * <p><b>Errors.</b> Every method may throw {@link SilasException} with {@code DB_BUSY} (serialization failure or
 * deadlock that outlasted bounded retries; retryable), {@code DB_CORRUPT}, {@code DB_MIGRATION_MISMATCH} (at open) or
 * {@code DB_FAILURE} (anything else, including an unreachable server and use after {@link #close()}).
 *
 * <p><b>Security guarantees.</b> The same as {@code SqliteStores}: audit entries are hash-chained and cannot be
 * updated, deleted or truncated through SQL triggers; editing, reordering, inserting or deleting entries by someone
 * who can write the database is detected by {@link AuditLog#verifyChain()}, and truncation only with an
 * {@link AuditSeal} whose signed checkpoints live outside the database. Nonce recording is one atomic insert with one
 * winner across threads and JVMs. Work items keep their approval tokens byte for byte. Memory search passes user text
 * only as quoted lexemes of a {@code tsquery}, and every chronicle, memory and review-queue query is filtered by scope
 * in SQL. No secret values are stored; the JDBC URL's password (if any) stays with the pool.
 *
 * <p>Thread-safe. The stores share this bundle's pool and stop working once it is closed.
 */
public final class PostgresStores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStores.class);
    /** The node id of a bundle opened without one: right for a single JVM, never for two. */
    public static final String DEFAULT_NODE_ID = "default";
    /** How long a node's lease lasts without renewal by default. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

    private final PgDatabase db;
    private final @Nullable HikariDataSource ownedPool;
    private final ClusterNode node;
    private final int schemaVersion;
    private final PgAuditLog auditLog;
    private final PgNonceStore nonceStore;
    private final PgPersonaStore personaStore;
    private final PgWorkItemStore workItemStore;
    private final PgChronicleStore chronicleStore;
    private final PgMemoryStore memoryStore;
    private final PgReviewQueueStore reviewQueueStore;
    private final PgConnectionRegistry connectionRegistry;
    private final PgInboxStore inboxStore;
    private final PgSharedBuckets sharedBuckets;

    private PostgresStores(DataSource dataSource, @Nullable HikariDataSource ownedPool, Builder b) {
        this.db = new PgDatabase(dataSource);
        this.ownedPool = ownedPool;
        this.schemaVersion = PgSchema.migrate(dataSource);
        this.node = new ClusterNode(db, b.nodeId, b.lease);
        this.auditLog = new PgAuditLog(db, b.clock, IdGenerator.random(), b.seal);
        this.nonceStore = new PgNonceStore(db);
        this.personaStore = new PgPersonaStore(db);
        this.workItemStore = new PgWorkItemStore(db, b.clock);
        this.chronicleStore = new PgChronicleStore(db);
        this.memoryStore = new PgMemoryStore(db);
        this.reviewQueueStore = new PgReviewQueueStore(db);
        this.connectionRegistry = new PgConnectionRegistry(db);
        this.inboxStore = new PgInboxStore(db, b.nodeId);
        this.sharedBuckets = new PgSharedBuckets(dataSource, b.clock);
    }

    /**
     * Opens the stores on a pool the host owns (and closes), as node {@value #DEFAULT_NODE_ID}.
     *
     * @param dataSource the data source
     * @param clock the clock to read time from
     * @return the postgres stores
     */
    public static PostgresStores open(DataSource dataSource, Clock clock) {
        return builder().dataSource(dataSource).clock(clock).open();
    }

    /**
     * Opens the stores on a pool of their own for the JDBC URL, as node {@value #DEFAULT_NODE_ID}.
     *
     * @param jdbcUrl the jdbc url
     * @param clock the clock to read time from
     * @return the postgres stores
     */
    public static PostgresStores open(String jdbcUrl, Clock clock) {
        return builder().jdbcUrl(jdbcUrl).clock(clock).open();
    }

    /**
     * {@link #open(String, Clock)} with an audit log whose checkpoints are signed and anchored by {@code seal}.
     *
     * @param jdbcUrl the jdbc url
     * @param clock the clock to read time from
     * @param seal the seal
     * @return the postgres stores
     */
    public static PostgresStores open(String jdbcUrl, Clock clock, AuditSeal seal) {
        if (seal == null) {
            throw SilasException.invalid("seal", "must not be null");
        }
        return builder().jdbcUrl(jdbcUrl).clock(clock).seal(seal).open();
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of {@link PostgresStores}; {@link #open()} connects, migrates and starts the node's lease. */
    public static final class Builder {
        private @Nullable DataSource dataSource;
        private @Nullable String jdbcUrl;
        private int poolSize = 8;
        private @Nullable Clock clock;
        private @Nullable AuditSeal seal;
        private String nodeId = DEFAULT_NODE_ID;
        private Duration lease = DEFAULT_LEASE;

        private Builder() {
        }

        /**
         * {@return a pool the host owns; closing the stores leaves it open}
         *
         * @param dataSource the data source
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /**
         * {@return a JDBC URL ({@code jdbc:postgresql://host:port/db?user=...}): the stores open and close a pool of their own}
         *
         * @param jdbcUrl the jdbc url
         */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /**
         * {@return the size of the pool opened for {@link #jdbcUrl} (default 8)}
         *
         * @param poolSize the pool size
         */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1) {
                throw SilasException.invalid("pool_size", "must be >= 1");
            }
            this.poolSize = poolSize;
            return this;
        }

        /**
         * {@return the time source for audit entries and work-item {@code updated_at} columns}
         *
         * @param clock the clock to read time from
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Signs and anchors audit checkpoints outside the database (see {@link AuditSeal}).
         *
         * @param seal the seal
         * @return the builder
         */
        public Builder seal(AuditSeal seal) {
            this.seal = seal;
            return this;
        }

        /**
         * {@return this JVM's id in the cluster: distinct per JVM and stable across its restarts (e.g. the pod name), at most
         * 200 characters}
         *
         * @param nodeId the node id
         */
        public Builder nodeId(String nodeId) {
            if (nodeId == null || nodeId.isBlank() || nodeId.length() > 200) {
                throw SilasException.invalid("node_id", "must be 1-200 characters");
            }
            this.nodeId = nodeId;
            return this;
        }

        /**
         * {@return how long this node's rows stay its own without a lease renewal (renewed every third of it)}
         *
         * @param lease the lease
         */
        public Builder lease(Duration lease) {
            if (lease == null || lease.toMillis() < 300) {
                throw SilasException.invalid("lease", "must be at least 300 ms");
            }
            this.lease = lease;
            return this;
        }

        /**
         * Connects, migrates the schema and starts this node's lease.
         *
         * @return the postgres stores
         * @throws SilasException {@code INVALID_INPUT} without a clock or without exactly one of data source and JDBC
         *     URL; the {@code DB_*} codes when the server is unreachable or the schema does not match
         */
        public PostgresStores open() {
            if (clock == null) {
                throw SilasException.invalid("clock", "must not be null");
            }
            if ((dataSource == null) == (jdbcUrl == null)) {
                throw SilasException.invalid("data_source", "give exactly one of a data source and a JDBC URL");
            }
            if (seal == null) {
                LOG.warn("PostgreSQL stores are opened without an AuditSeal: a truncated audit log is not detected; "
                        + "open them with .seal(seal) to anchor checkpoints outside the database");
            }
            HikariDataSource pool = dataSource == null ? pool(jdbcUrl, poolSize) : null;
            try {
                return new PostgresStores(pool == null ? dataSource : pool, pool, this);
            } catch (RuntimeException e) {
                if (pool != null) {
                    pool.close();
                }
                throw e;
            }
        }

        private static HikariDataSource pool(String jdbcUrl, int size) {
            if (jdbcUrl.isBlank() || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw SilasException.invalid("jdbc_url", "must start with jdbc:postgresql:");
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setMaximumPoolSize(size);
            config.setPoolName("silas-postgres");
            config.setInitializationFailTimeout(-1);
            try {
                return new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new SilasException(io.silas.core.error.ErrorCode.DB_FAILURE,
                        "cannot open a PostgreSQL pool: " + e.getMessage(), e);
            }
        }
    }

    /** {@return the hash-chained audit log shared by the cluster} */
    public AuditLog auditLog() {
        return auditLog;
    }

    /** {@return the used-nonce store (domains {@code msg}, {@code exec}, {@code run})} */
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
     * Work items with their approval tokens.
     *
     * @return the work item store
     */
    public WorkItemStore workItemStore() {
        return workItemStore;
    }

    /**
     * Conversation history per scope.
     *
     * @return the chronicle store
     */
    public ChronicleStore chronicleStore() {
        return chronicleStore;
    }

    /**
     * Long-term memories per scope, with full-text ({@code tsvector}) keyword search per scope and lane.
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
     * {@return the Stream's durable inbox, shared by the cluster: rows admitted here are this node's, and a Stream
     * using it runs each scope's turns in admission order across the JVMs, numbered by one counter per scope}
     */
    public SharedInboxStore inboxStore() {
        return inboxStore;
    }

    /** {@return the same inbox as a work queue shared by the cluster's JVMs} */
    public ClusterInbox clusterInbox() {
        return inboxStore;
    }

    /**
     * {@return rate-limit buckets shared by the cluster (Bucket4j's PostgreSQL backend): pass them to
     * {@code StreamBuilder.sharedBuckets} so that N JVMs enforce each {@code limits.*} limit once, not N times}
     */
    public SharedBuckets sharedBuckets() {
        return sharedBuckets;
    }

    /** The pool the stores run on (for the cluster scheduler). */
    DataSource dataSource() {
        return db.dataSource();
    }

    /** {@return this bundle's node id} */
    public String nodeId() {
        return node.id();
    }

    /** {@return the number of applied schema migrations} */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Gives this node's lease up, then closes the pool if the bundle opened it. Idempotent. */
    @Override
    public void close() {
        node.close();
        db.close();
        if (ownedPool != null) {
            ownedPool.close();
        }
    }
}
