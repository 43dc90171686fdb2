package io.silas.bench;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
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
 * Turn cost as a scope's history grows: the {@link TurnBench} Stream (scripted proxy, four
 * predicate policy gates), scopes pre-built in setup to {@code history} turns each, then turns measured on them one
 * at a time (submit and wait). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is bytes allocated per turn.
 * The cost should not depend on {@code history}: compare the rows of one run, not runs on different days.
 *
 * <p>The measured turns add history too, so the turns are spread over several pre-built scopes: 100 scopes at
 * {@code history=10}, 10 at 1,000 and one at 10,000, each gaining at most a tenth of its history (at 10: turns 10 to
 * 20) during the {@value #TURNS_PER_OP} × 20 measured and warm-up turns. Messages draw on a small vocabulary, so
 * every turn's keyword retrieval matches memories evicted from the chronicle (which starts evicting after about
 * 3,000 turns under the default 180,000-token budget). In memory and on SQLite (its durable inbox included).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Threads(1)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
public class HistoryBenchmark {
    static final int TURNS_PER_OP = 50;
    /** Turns in flight on one scope while pre-building (below the benchmark's 20 pending per scope). */
    private static final int BUILD_WINDOW = 16;
    private static final String[] TOPICS = {"invoice", "garden", "meeting", "flight", "recipe", "budget", "report",
        "holiday", "doctor", "train", "birthday", "contract", "laptop", "weather", "concert", "insurance"};

    @Param({"10", "1000", "10000"})
    public int history;

    @Param({"memory", "sqlite"})
    public String stores;

    private TurnBench bench;
    private String[] scopes;
    private int next;
    private long turn;

    @Setup(Level.Trial)
    public void setUp() {
        bench = new TurnBench(stores.equals("sqlite"), 2, 1024);
        scopes = new String[history >= 10_000 ? 1 : history >= 1_000 ? 10 : 100];
        for (int s = 0; s < scopes.length; s++) {
            scopes[s] = "web:history-" + s;
            build(scopes[s], history);
        }
    }

    /** Submits {@code turns} turns on the scope with a few in flight (so SQLite group-commits them) and waits. */
    private void build(String scope, int turns) {
        Deque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        for (int i = 0; i < turns; i++) {
            if (inFlight.size() == BUILD_WINDOW) {
                inFlight.removeFirst().join();
            }
            inFlight.addLast(bench.submit(scope, message(turn++)));
        }
        inFlight.forEach(CompletableFuture::join);
    }

    static String message(long n) {
        return "Please note " + TOPICS[(int) (n % TOPICS.length)] + " item " + n % 97 + " for the "
                + TOPICS[(int) ((n / 7) % TOPICS.length)] + " next week";
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bench.close();
    }

    @Benchmark
    @OperationsPerInvocation(TURNS_PER_OP)
    public int turns() {
        int sum = 0;
        for (int i = 0; i < TURNS_PER_OP; i++) {
            String scope = scopes[next];
            next = (next + 1) % scopes.length;
            sum += bench.submit(scope, message(turn++)).join().turnNumber();
        }
        return sum;
    }
}
