package io.silas.bench;

import io.silas.core.stream.TurnResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full Stream turns: a scripted proxy, four predicate policy gates, 1,000 connections, in-memory
 * stores vs the SQLite bundle.
 * <ul>
 *   <li>{@code turns1000Connections} (throughput): one invocation submits one turn on each of the 1,000 connections
 *       and waits for all; the score is turns/s. Targets: ≥ 20,000 turns/s in memory, ≥ 2,000 turns/s with SQLite
 *       on 2 cores.</li>
 *   <li>{@code singleTurnLatency} (sample time): submit one turn on the next connection (round robin over 1,000)
 *       and wait for it; JMH reports p50/p99 turn latency of an otherwise idle Stream.</li>
 * </ul>
 * Turns run on two worker threads in memory and {@value #SQLITE_TURN_THREADS} with SQLite (I/O-bound: threads wait
 * for the group commit's WAL sync, not for CPU); with SQLite the messages are submitted by {@value #SQLITE_CLIENTS}
 * concurrent client threads, as a host's request threads would. Run e.g.
 * {@code java -jar silas-bench/target/benchmarks.jar TurnBenchmark}. Four warm-up iterations: with two, both store
 * kinds were still speeding up (JIT) through the first measured iteration. The in-memory stores keep every turn, so
 * very long runs slow down as the heap fills ({@code -Xmx2g}); the standard run stays short of that.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Threads(1)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 3, time = 3)
public class TurnBenchmark {
    static final int CONNECTIONS = 1_000;
    /** SQLite turns wait on WAL syncs; more turn threads let the group commit share one sync among more writes. */
    static final int SQLITE_TURN_THREADS = 64;
    /**
     * Host threads submitting concurrently with SQLite: {@code submit} returns once the inbox row is durable, so one
     * submitting thread would measure one WAL sync per message rather than the turn pipeline.
     */
    static final int SQLITE_CLIENTS = 16;

    @Param({"memory", "sqlite"})
    public String stores;

    private TurnBench bench;
    private String[] ids;
    private int next;
    private long turn;

    @Setup(Level.Trial)
    public void setUp() {
        boolean sqlite = stores.equals("sqlite");
        bench = new TurnBench(sqlite, sqlite ? SQLITE_TURN_THREADS : 2, 1024, sqlite ? SQLITE_CLIENTS : 1);
        ids = new String[CONNECTIONS];
        for (int i = 0; i < CONNECTIONS; i++) {
            ids[i] = "web:" + i;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bench.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONNECTIONS)
    public int turns1000Connections() {
        return bench.round(ids, turn++).turnNumber();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public TurnResult singleTurnLatency() {
        int i = next;
        next = (i + 1) % CONNECTIONS;
        return bench.submit(ids[i], "single turn " + turn++).join();
    }
}
