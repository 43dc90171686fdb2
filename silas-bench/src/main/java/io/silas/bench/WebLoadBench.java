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
import io.silas.core.stream.Stream;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.work.WorkItemStore;
import io.silas.gates.Gates;
import io.silas.web.WebChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded loopback load test of the web channel: a real {@link WebChannel} on {@code 127.0.0.1} in front of
 * a real Stream (in-memory stores and audit, real trust and gate runner, a proxy that answers at once). It opens
 * {@code connections} WebSockets (JDK client, each a guest session of its own scope), holds them all, then every
 * connection sends {@code messages} messages one after another (send, wait for the {@code reply} frame, send the
 * next); it reports the connections held, messages/s and p50/p99 round-trip latency. The anchor, measured in the
 * same run with the same Stream set-up and the same concurrency, submits the same messages straight to
 * {@code Stream.submit} (no socket, no JSON frames), so the ratio is the web channel's own cost. Stops by itself;
 * only loopback traffic. Run: {@code java -cp silas-bench/target/benchmarks.jar io.silas.bench.WebLoadBench
 * [connections] [messages]} (defaults 500 and 20).
 */
public final class WebLoadBench {
    private static final String CONFIG = """
            limits:
              ws_messages_per_minute_per_scope: 10000000
              ws_messages_per_minute_per_ip: 10000000
              messages_per_minute_total: 10000000
              llm_calls_per_minute_per_scope: 10000000
            backpressure:
              max_pending_turns_per_scope: 4
              max_pending_turns_total: 100000
            """;

    private WebLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.out.printf("%d connections x %d messages, loopback%n", connections, messages);
        System.out.println("path       held  messages  msgs/s  p50_ms  p99_ms");
        anchor(connections, messages, false);
        web(connections, messages, false);
        anchor(connections, messages, true);
        web(connections, messages, true);
    }

    private static Stream stream(Clock clock, AuditLog audit, ChannelAdapter channel, ExecutorService turns) {
        ProxyAgent proxy = request -> RouteDecision.direct(AgentResponse.reply("ok"), "bench",
                InteractionRegister.STATUS, InteractionMode.DEFAULT_AND_OFFER, "conversation");
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(SigningKeys.generate().publicKey())
                .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
        return Stream.builder().config(SilasConfig.parse(CONFIG, name -> null)).audit(audit)
                .stores(ChronicleStore.inMemory(), MemoryStore.inMemory(), WorkItemStore.inMemory()).proxy(proxy)
                .gateRunner(Gates.runner().audit(audit).build()).messageTrust(trust).channel(channel)
                .turnExecutor(turns).clock(clock).build();
    }

    /** The anchor: the same closed loop of turns through {@code Stream.submit}, without the web channel. */
    private static void anchor(int connections, int messages, boolean print) throws Exception {
        Clock clock = Clock.systemUTC();
        AuditLog audit = AuditLog.inMemory(clock);
        ExecutorService turns = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        ChannelAdapter sink = new ChannelAdapter() {
            @Override
            public String name() {
                return "bench";
            }

            @Override
            public void send(String recipientId, String text) {
                // replies are counted through the turn futures
            }
        };
        Stream stream = stream(clock, audit, sink, turns);
        long[] latencies = new long[connections * messages];
        AtomicInteger done = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(connections);
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            String connection = "c" + c;
            loop(stream, clock, connection, messages, 0, latencies, done, finished);
        }
        if (!finished.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("anchor did not finish");
        }
        report("direct", connections, latencies, done.get(), System.nanoTime() - start, print);
        stream.shutdown(Duration.ofSeconds(5));
        turns.shutdownNow();
    }

    private static void loop(Stream stream, Clock clock, String connection, int messages, int i, long[] latencies,
                             AtomicInteger done, CountDownLatch finished) {
        if (i == messages) {
            finished.countDown();
            return;
        }
        long sent = System.nanoTime();
        stream.submit(ChannelMessage.of("bench", connection, "m" + i, clock.instant()), connection, "127.0.0.1")
                .whenComplete((r, e) -> {
                    latencies[done.getAndIncrement()] = System.nanoTime() - sent;
                    loop(stream, clock, connection, messages, i + 1, latencies, done, finished);
                });
    }

    /** The web channel: real sockets, frames and tokens. */
    private static void web(int connections, int messages, boolean print) throws Exception {
        Clock clock = Clock.systemUTC();
        AuditLog audit = AuditLog.inMemory(clock);
        ExecutorService turns = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        WebChannel web = WebChannel.builder().clock(clock).audit(audit).nonceStore(NonceStore.inMemory()).build();
        Stream stream = stream(clock, audit, web, turns);
        web.bind(stream);
        URI base = web.start(0);
        URI ws = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws");
        HttpClient http = HttpClient.newHttpClient();
        long[] latencies = new long[connections * messages];
        AtomicInteger done = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(connections);
        List<WebSocket> sockets = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String token = web.issueGuestToken("g" + c, Duration.ofMinutes(10));
            Client client = new Client(token, messages, latencies, done, ready, go, finished);
            sockets.add(http.newWebSocketBuilder().buildAsync(ws, client).get(30, TimeUnit.SECONDS));
        }
        if (!ready.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("not every connection authenticated");
        }
        int held = web.liveConnections();
        long start = System.nanoTime();
        go.countDown();
        if (!finished.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("web run did not finish");
        }
        report("websocket", held, latencies, done.get(), System.nanoTime() - start, print);
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        stream.shutdown(Duration.ofSeconds(5));
        web.close();
        turns.shutdownNow();
    }

    private static void report(String path, int held, long[] latencies, int count, long nanos, boolean print) {
        if (!print) {
            return;
        }
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        System.out.printf("%-9s %5d  %8d  %6.0f  %6.2f  %6.2f%n", path, held, count, count / (nanos / 1e9),
                percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** One browser stand-in: authenticates, waits for the start, then sends and awaits its messages in turn. */
    private static final class Client implements WebSocket.Listener {
        private final String token;
        private final int messages;
        private final long[] latencies;
        private final AtomicInteger done;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final CountDownLatch finished;
        private final StringBuilder partial = new StringBuilder();
        private int sentCount;
        private long sentAt;

        Client(String token, int messages, long[] latencies, AtomicInteger done, CountDownLatch ready,
               CountDownLatch go, CountDownLatch finished) {
            this.token = token;
            this.messages = messages;
            this.latencies = latencies;
            this.done = done;
            this.ready = ready;
            this.go = go;
            this.finished = finished;
        }

        @Override
        public void onOpen(WebSocket socket) {
            socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true);
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.contains("\"type\":\"hello\"")) {
                    ready.countDown();
                    CompletableFuture.runAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        next(socket);
                    });
                } else if (frame.contains("\"type\":\"reply\"") || frame.contains("\"type\":\"error\"")) {
                    latencies[done.getAndIncrement()] = System.nanoTime() - sentAt;
                    next(socket);
                }
            }
            socket.request(1);
            return null;
        }

        private synchronized void next(WebSocket socket) {
            if (sentCount == messages) {
                finished.countDown();
                return;
            }
            sentCount++;
            sentAt = System.nanoTime();
            socket.sendText("{\"type\":\"message\",\"text\":\"m" + sentCount + "\"}", true);
        }
    }
}
