package io.silas.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.silas.core.observe.SilasObserver;
import io.silas.micrometer.SilasMicrometer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * Cost of metrics and traces per turn (issue 25: at most 5 % of turn throughput): the in-memory turn pipeline of
 * {@link TurnBenchmark} (1,000 connections, four regex gates, a scripted proxy, two turn threads) without an observer
 * ({@code none}, the anchor) and with {@code SilasMicrometer.observer} over a {@link SimpleMeterRegistry} and an
 * {@link ObservationRegistry} with a handler ({@code micrometer}), in one run. Run with
 * {@code flock /tmp/jmh.lock java -jar silas-bench/target/benchmarks.jar ObservabilityBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgs = {"-Xmx2g"})
@Threads(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class ObservabilityBenchmark {
    @Param({"none", "micrometer"})
    public String observer;

    private TurnBench bench;
    private String[] ids;
    private long turn;
    private final LongAdder stopped = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() {
        SilasObserver chosen = SilasObserver.none();
        if (observer.equals("micrometer")) {
            ObservationRegistry observations = ObservationRegistry.create();
            observations.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public void onStop(Observation.Context context) {
                    stopped.increment();
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            chosen = SilasMicrometer.observer(new SimpleMeterRegistry(), observations);
        }
        bench = new TurnBench(2, 1024, chosen);
        ids = new String[TurnBenchmark.CONNECTIONS];
        for (int i = 0; i < ids.length; i++) {
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
    @OperationsPerInvocation(TurnBenchmark.CONNECTIONS)
    public int turns1000Connections() {
        return bench.round(ids, turn++).turnNumber();
    }
}
