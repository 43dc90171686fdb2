package io.silas.bench;

import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.RouteDecision;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.config.SilasConfig;
import io.silas.core.context.ContextItem;
import io.silas.core.context.ContextKind;
import io.silas.core.context.ContextZone;
import io.silas.core.json.Json;
import io.silas.core.stream.Stream;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.vocabulary.TaintLevel;
import io.silas.core.work.PlanParser;
import io.silas.core.work.WorkItemStatus;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Restart cost on SQLite (docs/contracts.md#startup-and-rehydration): 1,000 scopes × 50 chronicle entries and 100
 * {@code running} work items.
 * {@code startOnly}: open the bundle, build the Stream, {@code start()}. {@code startAndFirstTurns}: the same plus
 * the first turn of every scope, which rehydrates that scope (context restored lazily on first turn).
 * {@code secondTurns}: one more turn per scope on an already rehydrated Stream — subtracting it from
 * {@code startAndFirstTurns} leaves startup plus rehydration; the rest is turn cost (its SQLite commits). Each
 * iteration starts from a fresh copy of the prepared database. Target: startup + rehydration under 2 s. As in
 * {@link TurnBenchmark} with SQLite, turns run on {@value TurnBenchmark#SQLITE_TURN_THREADS} turn threads and the
 * messages are submitted by {@value TurnBenchmark#SQLITE_CLIENTS} concurrent client threads ({@code submit} returns
 * once the message's inbox row is durable).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class RehydrationBenchmark {
    static final int SCOPES = 1_000;
    static final int ENTRIES = 50;
    static final int RUNNING_ITEMS = 100;

    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ChannelAdapter DISCARD = new ChannelAdapter() {
        @Override
        public String name() {
            return "bench";
        }

        @Override
        public void send(String recipientId, String text) {
        }
    };

    private Path dir;
    private Path pristine;
    private int copies;
    private SqliteStores stores;
    private Stream stream;
    private ExecutorService turnPool;
    private ExecutorService clients;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        turnPool = Executors.newFixedThreadPool(TurnBenchmark.SQLITE_TURN_THREADS, daemon("bench-turn"));
        clients = Executors.newFixedThreadPool(TurnBenchmark.SQLITE_CLIENTS, daemon("bench-client"));
        dir = BenchFiles.tempDir("silas-rehydration-");
        pristine = dir.resolve("pristine.db");
        Instant t0 = Instant.parse("2026-02-01T10:00:00Z");
        try (SqliteStores created = SqliteStores.open(pristine, Clock.systemUTC())) {
            for (int i = 0; i < RUNNING_ITEMS; i++) {
                created.workItemStore().save(PlanParser.parse("---\nid: task-" + i + "\ntype: task\ntitle: T" + i
                        + "\nexecutor: shell\n---\ntrue\n").withCreatedAt(t0).withStatus(WorkItemStatus.RUNNING));
            }
        }
        try (Connection c = BenchFiles.rawConnection(pristine)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO chronicle(scope_id, ctx_id, created_at, item) VALUES (?, ?, ?, ?)")) {
                for (int s = 0; s < SCOPES; s++) {
                    for (int e = 0; e < ENTRIES; e++) {
                        Instant at = t0.plusSeconds(e);
                        ContextItem item = ContextItem.live("c" + e, ContextZone.CHRONICLE, ContextKind.MESSAGE,
                                "message number " + e + " of scope " + s + " with some ordinary words in it", 16,
                                "channel:web", TaintLevel.EXTERNAL, e / 2 + 1, at);
                        ps.setString(1, scope(s));
                        ps.setString(2, item.ctxId());
                        ps.setString(3, FIXED.format(at));
                        ps.setString(4, Json.write(item));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    /** A fresh copy of the prepared database; for {@code secondTurns} also a started Stream with every scope warm. */
    @Setup(Level.Iteration)
    public void copy(BenchmarkParams params) throws Exception {
        Path file = dir.resolve("run-" + (++copies) + ".db");
        Files.copy(pristine, file, StandardCopyOption.REPLACE_EXISTING);
        stores = SqliteStores.open(file, Clock.systemUTC());
        stream = null;
        if (params.getBenchmark().endsWith("secondTurns")) {
            stream = build(stores);
            stream.start();
            turnInEveryScope(stream, "first");
        }
    }

    @TearDown(Level.Iteration)
    public void closeIteration() {
        if (stream != null) {
            stream.close();
        }
        stores.close();
    }

    @TearDown(Level.Trial)
    public void cleanUp() {
        turnPool.shutdownNow();
        clients.shutdownNow();
        BenchFiles.deleteRecursively(dir);
    }

    @Benchmark
    public int startOnly() {
        stream = build(stores);
        return stream.start().knownScopes();
    }

    @Benchmark
    public int startAndFirstTurns() throws Exception {
        stream = build(stores);
        stream.start();
        return turnInEveryScope(stream, "hello");
    }

    @Benchmark
    public int secondTurns() throws Exception {
        return turnInEveryScope(stream, "again");
    }

    /** One turn per scope, submitted by the client threads (each its own slice of the scopes, in order). */
    private int turnInEveryScope(Stream stream, String text) throws Exception {
        CompletableFuture<?>[] turns = new CompletableFuture<?>[SCOPES];
        int clientCount = TurnBenchmark.SQLITE_CLIENTS;
        int per = (SCOPES + clientCount - 1) / clientCount;
        List<CompletableFuture<?>> slices = new ArrayList<>(clientCount);
        for (int c = 0; c < clientCount; c++) {
            int from = Math.min(SCOPES, c * per);
            int to = Math.min(SCOPES, from + per);
            slices.add(CompletableFuture.runAsync(() -> {
                for (int s = from; s < to; s++) {
                    turns[s] = stream.submit(ChannelMessage.of("web", scope(s), text, Instant.now()), scope(s))
                            .toCompletableFuture();
                }
            }, clients));
        }
        CompletableFuture.allOf(slices.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        CompletableFuture.allOf(turns).get(10, TimeUnit.MINUTES);
        return turns.length;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private Stream build(SqliteStores stores) {
        SilasConfig config = SilasConfig.parse("backpressure: {max_pending_turns_total: 5000}\n"
                + "limits: {messages_per_minute_total: 100000000}", name -> null);
        return Stream.builder().config(config).audit(stores.auditLog())
                .stores(stores.chronicleStore(), stores.memoryStore(), stores.workItemStore())
                .inbox(stores.inboxStore())
                .proxy(request -> RouteDecision.direct(AgentResponse.reply("ok"), "bench", InteractionRegister.STATUS,
                        InteractionMode.DEFAULT_AND_OFFER, "conversation"))
                .gateRunner(Gates.runner().audit(stores.auditLog()).build())
                .messageTrust(MessageTrust.builder().ownerPublicKey(SigningKeys.generate().publicKey())
                        .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(Clock.systemUTC()).build())
                .channel(DISCARD).turnExecutor(turnPool).build();
    }

    private static String scope(int s) {
        return String.format("scope-%04d", s);
    }
}
