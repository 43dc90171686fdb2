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
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.memory.MemoryStore;
import io.silas.core.stream.Stream;
import io.silas.core.trust.NonceStore;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.InteractionMode;
import io.silas.core.work.WorkItemStore;
import io.silas.gates.Gates;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Overload bench for admission control: a real Stream (in-memory stores and audit, real trust and gate
 * runner, no system gates) whose proxy simulates an LLM call of {@value #SERVICE_MILLIS} ms on
 * {@value #TURN_THREADS} turn threads, so its capacity is {@code TURN_THREADS * 1000 / SERVICE_MILLIS} turns/s.
 * Messages are offered at 2x and 10x that rate across {@value #CONNECTIONS} connections for
 * {@value #SECONDS} s each; rate limits are raised out of the way so only the bounded queues act. The load comes
 * from several producer threads (first argument, default {@value #DEFAULT_PRODUCERS}), each pacing its share of
 * the messages and owning whole connections (so each connection's messages keep their order), because one thread
 * cannot offer 10x capacity on its own; the achieved offered rate is reported next to the target.
 *
 * <p>Reports offered/s, accepted turns/s, rejected ({@code busy_retry}) /s, p50/p99 latency of accepted turns
 * (submit to completion) and lost messages (offered − accepted − rejected; must be 0), cross-checked against the
 * replies the channel delivered. Run:
 * {@code java -cp silas-bench/target/benchmarks.jar io.silas.bench.OverloadBench [producers]}.
 */
public final class OverloadBench {
    static final int TURN_THREADS = 8;
    static final int SERVICE_MILLIS = 2;
    static final int CONNECTIONS = 500;
    static final int SECONDS = 3;
    static final int DEFAULT_PRODUCERS = 4;

    private OverloadBench() {
    }

    public static void main(String[] args) throws Exception {
        int producers = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PRODUCERS;
        if (producers < 1 || CONNECTIONS % producers != 0) {
            throw new IllegalArgumentException("producers must divide " + CONNECTIONS);
        }
        int capacity = TURN_THREADS * 1000 / SERVICE_MILLIS;
        System.out.printf("capacity %d turns/s (%d threads x %d ms), %d connections, %d producers, %d s per run%n",
                capacity, TURN_THREADS, SERVICE_MILLIS, CONNECTIONS, producers, SECONDS);
        System.out.println("factor  offered  target/s  offered/s  accepted/s  rejected/s  p50_ms  p99_ms  lost"
                + "  replies_ok");
        run(capacity, 2, producers, false);
        for (int factor : new int[] {2, 10}) {
            run(capacity, factor, producers, true);
        }
    }

    private static void run(int capacity, int factor, int producers, boolean print) throws Exception {
        Clock clock = Clock.systemUTC();
        AuditLog audit = AuditLog.inMemory(clock);
        SilasConfig config = SilasConfig.parse("""
                limits:
                  ws_messages_per_minute_per_scope: 10000000
                  messages_per_minute_total: 10000000
                  llm_calls_per_minute_per_scope: 10000000
                """, name -> null);
        CountingChannel channel = new CountingChannel();
        ProxyAgent proxy = request -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SERVICE_MILLIS));
            return RouteDecision.direct(AgentResponse.reply("ok"), "bench", InteractionRegister.STATUS,
                    InteractionMode.DEFAULT_AND_OFFER, "conversation");
        };
        ExecutorService turns = Executors.newFixedThreadPool(TURN_THREADS);
        MessageTrust trust = MessageTrust.builder().ownerPublicKey(SigningKeys.generate().publicKey())
                .nonceStore(NonceStore.inMemory()).audit(audit).clock(clock).build();
        Stream stream = Stream.builder().config(config).audit(audit)
                .stores(ChronicleStore.inMemory(), MemoryStore.inMemory(), WorkItemStore.inMemory()).proxy(proxy)
                .gateRunner(Gates.runner().audit(audit).build()).messageTrust(trust).channel(channel)
                .turnExecutor(turns).clock(clock).build();

        long offered = (long) capacity * factor * SECONDS;
        double intervalNanos = 1e9 / ((double) capacity * factor);
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long[] latencies = new long[(int) offered];
        AtomicInteger latencyCount = new AtomicInteger();
        long start = System.nanoTime();
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads[p] = new Thread(() -> {
                for (long i = producer; i < offered; i += producers) {
                    long due = start + (long) (i * intervalNanos);
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    String connection = "c" + (i % CONNECTIONS);
                    long submitted = System.nanoTime();
                    stream.submit(ChannelMessage.of("bench", connection, "m" + i, clock.instant()), connection)
                            .whenComplete((result, failure) -> {
                                if (failure == null) {
                                    latencies[latencyCount.getAndIncrement()] = System.nanoTime() - submitted;
                                    accepted.incrementAndGet();
                                } else if (cause(failure) instanceof SilasException se
                                        && se.code() == ErrorCode.ADMISSION_BUSY) {
                                    rejected.incrementAndGet();
                                } else {
                                    other.incrementAndGet();
                                }
                            });
                }
            }, "producer-" + p);
            threads[p].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double offerSeconds = (System.nanoTime() - start) / 1e9;
        while (stream.pendingTurns() > 0 || accepted.get() + rejected.get() + other.get() < offered) {
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stream.shutdown(java.time.Duration.ofSeconds(5));
        turns.shutdownNow();
        long lost = offered - accepted.get() - rejected.get();
        boolean repliesMatch = channel.ok.get() == accepted.get() && channel.busy.get() == rejected.get();
        if (print) {
            long[] sorted = Arrays.copyOf(latencies, latencyCount.get());
            Arrays.sort(sorted);
            System.out.printf("%5dx  %7d  %8d  %9.0f  %10.0f  %10.0f  %6.1f  %6.1f  %4d  %s%n", factor, offered,
                    (long) capacity * factor, offered / offerSeconds, accepted.get() / seconds,
                    rejected.get() / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), lost,
                    repliesMatch);
        }
    }

    private static Throwable cause(Throwable failure) {
        return failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                ? failure.getCause() : failure;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** Counts delivered replies: turn replies and busy_retry replies. */
    private static final class CountingChannel implements ChannelAdapter {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong busy = new AtomicLong();

        @Override
        public String name() {
            return "bench";
        }

        @Override
        public void send(String recipientId, String text) {
            if (text.equals(ErrorCode.ADMISSION_BUSY.userMessage())) {
                busy.incrementAndGet();
            } else {
                ok.incrementAndGet();
            }
        }
    }
}
