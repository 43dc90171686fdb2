package io.silas.bench;

import io.silas.core.json.Hashes;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Throughput of canonical JSON + SHA-256, the primitive under every hash and signature. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CanonicalJsonBenchmark {
    private final Map<String, Object> payload = Map.of(
            "plan_hash", "ab".repeat(32), "work_item_id", "task-1", "scope", "full_plan",
            "nested", Map.of("z", 1, "a", 2.5, "list", java.util.List.of("x", "y")));

    @Benchmark
    public String canonicalSha256() {
        return Hashes.canonicalSha256Hex(payload);
    }
}
