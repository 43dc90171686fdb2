package io.silas.bench;

import io.silas.core.agent.AgentResponse;
import io.silas.core.agent.InteractionRegister;
import io.silas.core.agent.ProxyAgent;
import io.silas.core.agent.RouteDecision;
import io.silas.core.audit.AuditLog;
import io.silas.core.channel.ChannelAdapter;
import io.silas.core.channel.ChannelMessage;
import io.silas.core.channel.MessageTrust;
import io.silas.core.config.SilasConfig;
import io.silas.core.context.ChronicleStore;
import io.silas.core.memory.MemoryStore;
import io.silas.core.observe.SilasObserver;
import io.silas.core.stream.Stream;
import io.silas.core.stream.StreamBuilder;
import io.silas.core.stream.TurnResult;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.work.WorkItemStore;
import io.silas.gates.Gates;
import io.silas.postgres.PostgresStores;
import io.silas.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * One Stream as the turn benchmarks use it: a scripted direct-reply proxy, four predicate policy gates (two on the
 * user message, two on the agent response, all passing), real message trust, a channel that drops replies, and
 * either in-memory stores or the SQLite bundle (including its durable inbox) in a temp directory. Turns run on a fixed pool of
 * {@code threads} workers.
 */
final class TurnBench implements AutoCloseable {
    static final String CONFIG = """
            turns: { max_live_processors: %d }
            backpressure: { max_pending_turns_per_scope: 20, max_pending_turns_total: 200000 }
            limits: { ws_messages_per_minute_per_scope: 100000000, messages_per_minute_total: 100000000,
                      llm_calls_per_minute_per_scope: 100000000 }
            gates:
              system:
                - name: no_forbidden_input
                  on: every_user_message
                  type: regex
                  config: {pattern: "^(?!.*FORBIDDEN).*$", dotall: true}
                  on_block: polite_redirect
                - name: input_not_too_long
                  on: every_user_message
                  type: regex
                  config: {pattern: "^.{0,4000}$", dotall: true}
                  on_block: polite_redirect
                - name: no_secret_output
                  on: every_agent_response
                  type: regex
                  config: {pattern: "^(?!.*SECRET).*$", dotall: true}
                  on_block: polite_redirect
                - name: output_not_too_long
                  on: every_agent_response
                  type: regex
                  config: {pattern: "^.{0,8000}$", dotall: true}
                  on_block: polite_redirect
            """;

    private final ExecutorService pool;
    private final @Nullable ExecutorService clients;
    private final int clientCount;
    private final Path dir;
    private final SqliteStores sqlite;
    private final @Nullable PostgresStores postgres;
    private final Stream stream;
    private final Clock clock = Clock.systemUTC();

    TurnBench(boolean useSqlite, int threads, int maxLiveProcessors) {
        this(useSqlite, threads, maxLiveProcessors, 1);
    }

    /**
     * @param clients how many host threads submit a {@link #round} concurrently (1 = the caller alone). With SQLite,
     *                {@code submit} returns only once the message's inbox row is committed, so one submitting thread
     *                waits for one WAL sync per message; concurrent clients (as a host's request threads are) let
     *                the group commit share a sync among their admissions.
     */
    TurnBench(boolean useSqlite, int threads, int maxLiveProcessors, int clients) {
        this(useSqlite, threads, clients, CONFIG.formatted(maxLiveProcessors), (String) null);
    }

    /** In-memory stores, one submitting thread, every turn reported to {@code observer}. */
    TurnBench(int threads, int maxLiveProcessors, SilasObserver observer) {
        this(false, null, null, threads, 1, CONFIG.formatted(maxLiveProcessors), scripted(null), observer);
    }

    /**
     * @param config     the Stream's YAML configuration
     * @param fixedReply the proxy's reply to every message, or null for {@code "Noted: <message>"}
     */
    TurnBench(boolean useSqlite, int threads, int clients, String config, @Nullable String fixedReply) {
        this(useSqlite, null, null, threads, clients, config, scripted(fixedReply), SilasObserver.none());
    }

    /** A Stream with in-memory or SQLite stores whose proxy is {@code proxy} (for example a model adapter). */
    TurnBench(boolean useSqlite, int threads, int clients, String config, ProxyAgent proxy) {
        this(useSqlite, null, null, threads, clients, config, proxy, SilasObserver.none());
    }

    /** The scripted direct-reply proxy: {@code fixedReply}, or {@code "Noted: <message>"} when null. */
    private static ProxyAgent scripted(@Nullable String fixedReply) {
        return request -> RouteDecision.direct(AgentResponse.reply(fixedReply != null ? fixedReply
                        : "Noted: " + request.message()), "bench",
                InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER, "conversation");
    }

    /**
     * A Stream on PostgreSQL stores (their inbox included) at {@code postgresUrl}, as cluster node {@code nodeId}; the
     * configuration of {@link #TurnBench(boolean, int, int, int)}.
     */
    TurnBench(String postgresUrl, String nodeId, int threads, int maxLiveProcessors, int clients) {
        this(false, postgresUrl, nodeId, threads, clients, CONFIG.formatted(maxLiveProcessors), scripted(null),
                SilasObserver.none());
    }

    private TurnBench(boolean useSqlite, @Nullable String postgresUrl, @Nullable String nodeId, int threads,
                      int clients, String config, ProxyAgent proxy, SilasObserver observer) {
        clientCount = clients;
        this.clients = clients <= 1 ? null : Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-turn");
            t.setDaemon(true);
            return t;
        });
        SilasConfig parsed = SilasConfig.parse(config, name -> null);
        AuditLog audit;
        ChronicleStore chronicle;
        MemoryStore memory;
        WorkItemStore workItems;
        NonceStore nonces;
        if (postgresUrl != null) {
            dir = null;
            sqlite = null;
            postgres = PostgresStores.builder().jdbcUrl(postgresUrl).nodeId(nodeId).poolSize(threads + clients)
                    .clock(clock).open();
            audit = postgres.auditLog();
            chronicle = postgres.chronicleStore();
            memory = postgres.memoryStore();
            workItems = postgres.workItemStore();
            nonces = postgres.nonceStore();
        } else if (useSqlite) {
            postgres = null;
            dir = BenchFiles.tempDir("silas-turn-bench");
            sqlite = SqliteStores.open(dir.resolve("silas.db"), clock);
            audit = sqlite.auditLog();
            chronicle = sqlite.chronicleStore();
            memory = sqlite.memoryStore();
            workItems = sqlite.workItemStore();
            nonces = sqlite.nonceStore();
        } else {
            postgres = null;
            dir = null;
            sqlite = null;
            audit = AuditLog.inMemory(clock);
            chronicle = ChronicleStore.inMemory();
            memory = MemoryStore.inMemory();
            workItems = WorkItemStore.inMemory();
            nonces = NonceStore.inMemory();
        }
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(SigningKeys.generate().publicKey())
                .nonceStore(nonces).audit(audit).clock(clock).build();
        ChannelAdapter channel = new ChannelAdapter() {
            @Override
            public String name() {
                return "bench";
            }

            @Override
            public void send(String recipientId, String text) {
                // replies are dropped: the benchmark measures the turn pipeline
            }
        };
        StreamBuilder builder = Stream.builder();
        if (sqlite != null) {
            builder.inbox(sqlite.inboxStore());
        }
        if (postgres != null) {
            builder.inbox(postgres.inboxStore());
        }
        stream = builder.config(parsed).audit(audit).stores(chronicle, memory, workItems)
                .proxy(proxy)
                .gateRunner(Gates.runner().audit(audit).provider(Gates.predicate()).build())
                .messageTrust(trust).channel(channel).turnExecutor(pool).clock(clock).observer(observer).build();
    }

    CompletableFuture<TurnResult> submit(String connectionId, String text) {
        return stream.submit(ChannelMessage.of("web", connectionId, text, clock.instant()), connectionId)
                .toCompletableFuture();
    }

    /**
     * One turn on each connection, submitted by the client threads (each submits its own slice in order); returns
     * when every turn has finished, with the last connection's result.
     */
    TurnResult round(String[] ids, long n) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<TurnResult>[] all = new CompletableFuture[ids.length];
        if (clients == null) {
            submitSlice(ids, n, all, 0, ids.length);
        } else {
            CompletableFuture<?>[] slices = new CompletableFuture<?>[clientCount];
            int per = (ids.length + clientCount - 1) / clientCount;
            for (int c = 0; c < clientCount; c++) {
                int from = Math.min(ids.length, c * per);
                int to = Math.min(ids.length, from + per);
                slices[c] = CompletableFuture.runAsync(() -> submitSlice(ids, n, all, from, to), clients);
            }
            CompletableFuture.allOf(slices).join();
        }
        CompletableFuture.allOf(all).join();
        return all[ids.length - 1].join();
    }

    private void submitSlice(String[] ids, long n, CompletableFuture<TurnResult>[] into, int from, int to) {
        for (int i = from; i < to; i++) {
            into[i] = submit(ids[i], "message " + n + " on " + ids[i]);
        }
    }

    int liveProcessors() {
        return stream.liveProcessors();
    }

    @Override
    public void close() {
        stream.close();
        pool.shutdownNow();
        if (clients != null) {
            clients.shutdownNow();
        }
        if (sqlite != null) {
            sqlite.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        BenchFiles.deleteRecursively(dir);
    }
}
