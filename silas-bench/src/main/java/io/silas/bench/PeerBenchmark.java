package io.silas.bench;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Silas against its peer, see {@link PeerBench}: {@code langchain4jGuarded} is the anchor,
 * {@code silasTurn} one in-memory Stream turn with the same two checks and reply. Throughput of one caller (calls/s);
 * run with {@code -prof gc} for bytes per call ({@code gc.alloc.rate.norm}; for Silas it includes the turn's worker
 * threads' allocation, as JMH's gc profiler counts every thread). On a shared machine prefer {@link PeerCpuCost}'s
 * CPU per call, measured in alternating blocks. Report the ratio of the two rows of one run.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Threads(1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 4, time = 3)
public class PeerBenchmark {
    private PeerBench peers;
    private long n;

    @Setup(Level.Trial)
    public void setUp() {
        peers = new PeerBench();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        peers.close();
    }

    @Benchmark
    public String langchain4jGuarded() {
        return peers.langChain4j(n++);
    }

    @Benchmark
    public String silasTurn() {
        return peers.silas(n++);
    }
}
