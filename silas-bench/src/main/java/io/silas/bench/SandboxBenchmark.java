package io.silas.bench;

import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
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

/**
 * Latency of one sandboxed {@code /bin/true} in an existing sandbox beside a bare {@link ProcessBuilder}
 * {@code /bin/true}, in the same run. Where the JVM is root with memory and pids cgroups, a run enters the
 * sandbox's long-lived namespaces through its run server (one fork and one exec of the payload, in a per-run
 * cgroup);
 * elsewhere it is the full prlimit → setpriv → bubblewrap chain. Target: sandboxed p50 at most 2× bare.
 * {@link #sandboxedTrueNetworkOn()} is the same run in a sandbox with network (its own network namespace behind
 * slirp4netns, set up once per sandbox). {@link #sandboxCreateRunClose()} and
 * {@link #sandboxCreateRunCloseNetworkOn()} add the per-sandbox cost (work dir tmpfs, cgroups, bubblewrap start,
 * with network also slirp4netns and the routes, cleanup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SandboxBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> TRUE = List.of("/bin/true");

    private Path base;
    private SandboxManager manager;
    private Sandbox sandbox;
    private Sandbox networkSandbox;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path parent = Files.createTempDirectory("silas-bench-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));
        base = parent.resolve("base");
        manager = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(base));
        sandbox = manager.create(SandboxConfig.defaults());
        networkSandbox = manager.create(SandboxConfig.defaults().withNetworkAccess(true));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sandbox.close();
        networkSandbox.close();
        Files.deleteIfExists(base);
        Files.deleteIfExists(base.getParent());
    }

    @Benchmark
    public int bareProcessBuilderTrue() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(TRUE).start();
        return p.waitFor();
    }

    @Benchmark
    public ProcessResult sandboxedTrue() {
        ProcessResult r = sandbox.run(TRUE, TIMEOUT);
        if (!r.succeeded()) {
            throw new IllegalStateException(r.reason());
        }
        return r;
    }

    @Benchmark
    public ProcessResult sandboxedTrueNetworkOn() {
        ProcessResult r = networkSandbox.run(TRUE, TIMEOUT);
        if (!r.succeeded()) {
            throw new IllegalStateException(r.reason());
        }
        return r;
    }

    @Benchmark
    public ProcessResult sandboxCreateRunCloseNetworkOn() {
        try (Sandbox fresh = manager.create(SandboxConfig.defaults().withNetworkAccess(true))) {
            return fresh.run(TRUE, TIMEOUT);
        }
    }

    @Benchmark
    public ProcessResult sandboxCreateRunClose() {
        try (Sandbox fresh = manager.create(SandboxConfig.defaults())) {
            return fresh.run(TRUE, TIMEOUT);
        }
    }
}
