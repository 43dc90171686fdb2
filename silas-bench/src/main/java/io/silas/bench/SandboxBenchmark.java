package io.silas.bench;

import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.VerificationReport;
import io.silas.core.execution.VerificationRunner;
import io.silas.core.gate.Expectation;
import io.silas.core.work.VerificationCheck;
import io.silas.execution.verify.Verification;
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
 *
 * <p>{@link #rootlessSandboxedTrue()} is the same {@code /bin/true} in a rootless sandbox: a child JVM running as
 * uid 65534 (started through {@code setpriv} when this JVM is root) runs it on request over a pipe;
 * {@link #rootlessPipeRoundTrip()} measures that pipe alone, so the rootless sandbox cost is the difference.
 *
 * <p>{@link #pooledCreateRunClose}, {@link #rootlessPooledCreateRunClose} and {@link #verifyThreeChecks} are what a
 * host does between model turns: each invocation follows a pause of {@value Paced#PAUSE_MS} ms (not timed) in
 * which the manager's pool builds its next ready sandbox in the background, as it would while a model thinks.
 * {@link #sandboxCreateRunClose()} is the same create + run + close back to back, without a pause: the pool
 * cannot keep up, so most sandboxes are built at {@code create} (the cost without a pool).
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
    private VerificationRunner verification;
    private Path artifacts;
    private Process rootless;
    private java.io.BufferedReader rootlessOut;
    private java.io.Writer rootlessIn;
    private Path rootlessDir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path parent = Files.createTempDirectory("silas-bench-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));
        base = parent.resolve("base");
        manager = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(base).withPoolSize(3));
        verification = Verification.runner(manager);
        artifacts = Files.createDirectories(parent.resolve("artifacts"));
        Files.writeString(artifacts.resolve("result.txt"), "done");
        sandbox = manager.create(SandboxConfig.defaults());
        networkSandbox = manager.create(SandboxConfig.defaults().withNetworkAccess(true));
        startRootless();
    }

    /** Starts {@link RootlessSandboxServer} as uid 65534 with a world-readable copy of this JVM's classpath. */
    private void startRootless() throws IOException {
        rootlessDir = Files.createTempDirectory(Path.of("/tmp"), "silas-bench-rootless-");
        Files.setPosixFilePermissions(rootlessDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> cp = new java.util.ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isRegularFile(source)) {
                Path copy = rootlessDir.resolve((i++) + "-" + source.getFileName());
                Files.copy(source, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                cp.add(copy.toString());
            } else if (Files.isDirectory(source)) {
                cp.add(source.toString());
            }
        }
        Path home = Files.createDirectory(rootlessDir.resolve("home"));
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        List<String> cmd = new java.util.ArrayList<>();
        if (root) {
            Files.setAttribute(home, "unix:uid", 65534);
            cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                String.join(java.io.File.pathSeparator, cp), "-Djava.io.tmpdir=" + home,
                RootlessSandboxServer.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("HOME", home.toString());
        rootless = builder.start();
        rootlessOut = new java.io.BufferedReader(new java.io.InputStreamReader(rootless.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        rootlessIn = new java.io.OutputStreamWriter(rootless.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
        String ready = rootlessOut.readLine();
        if (ready == null || !ready.equals("ready rootless")) {
            throw new IllegalStateException("the rootless sandbox server did not start: " + ready);
        }
    }

    private String askRootless(String request) throws IOException {
        rootlessIn.write(request + "\n");
        rootlessIn.flush();
        String answer = rootlessOut.readLine();
        if (!"ok".equals(answer)) {
            throw new IllegalStateException("rootless run: " + answer);
        }
        return answer;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sandbox.close();
        networkSandbox.close();
        rootlessIn.close();
        try {
            rootless.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rootless.destroyForcibly();
        try (var walk = Files.walk(rootlessDir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(artifacts.resolve("result.txt"));
        Files.deleteIfExists(artifacts);
        Files.deleteIfExists(base);
        Files.deleteIfExists(base.getParent());
    }

    /** A pause before each invocation, in which the sandbox pools refill (a model's thinking time; not timed). */
    @State(Scope.Thread)
    public static class Paced {
        static final long PAUSE_MS = 100;

        @Setup(Level.Invocation)
        public void pause() throws InterruptedException {
            Thread.sleep(PAUSE_MS);
        }
    }

    private static final List<VerificationCheck> THREE_CHECKS = List.of(
            VerificationCheck.of("one", "true", Expectation.exitCodeIs(0)),
            VerificationCheck.of("two", "true", Expectation.exitCodeIs(0)),
            VerificationCheck.of("three", "true", Expectation.exitCodeIs(0)));

    @Benchmark
    public ProcessResult pooledCreateRunClose(Paced paced) {
        return sandboxCreateRunClose();
    }

    @Benchmark
    public String rootlessPooledCreateRunClose(Paced paced) throws IOException {
        return askRootless("cycle");
    }

    /** A plan's three checks ({@code true} each), each in its own ready sandbox from the pool. */
    @Benchmark
    public VerificationReport verifyThreeChecks(Paced paced) {
        VerificationReport report = verification.run(THREE_CHECKS, artifacts);
        if (!report.allPassed()) {
            throw new IllegalStateException(report.results().toString());
        }
        return report;
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
    public String rootlessSandboxedTrue() throws IOException {
        return askRootless("run");
    }

    @Benchmark
    public String rootlessPipeRoundTrip() throws IOException {
        return askRootless("noop");
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
