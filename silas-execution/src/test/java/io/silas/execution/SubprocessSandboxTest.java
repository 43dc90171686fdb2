package io.silas.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.TerminationReason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Adversarial tests of the subprocess sandbox: real bubblewrap, real processes, no mocks. */
class SubprocessSandboxTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private static Path base;
    private static SandboxManager manager;

    @BeforeAll
    static void setUp() {
        base = SandboxFixture.newBaseDir();
        manager = SandboxFixture.manager(base);
    }

    @AfterAll
    static void tearDown() {
        SandboxFixture.deleteTree(base.getParent());
    }

    private static ProcessResult runOnce(SandboxConfig config, List<String> argv) {
        try (Sandbox sandbox = manager.create(config)) {
            return sandbox.run(argv, config.timeout());
        }
    }

    private static ProcessResult runOnce(List<String> argv) {
        return runOnce(SandboxConfig.defaults().withTimeout(TEN_SECONDS), argv);
    }

    @Nested
    class Environment {
        @Test
        void run_hostVariable_absentInside() {
            assertThat(System.getenv("SILAS_TEST_HOST_SECRET")).as("surefire sets it in the test JVM").isNotNull();
            ProcessResult r = runOnce(SandboxConfig.defaults().withEnv(Map.of("GREETING", "hello")),
                    List.of("env"));
            assertThat(r.succeeded()).as(r.reason()).isTrue();
            assertThat(r.stdout().lines().sorted().toList())
                    .as("config env + PATH + HOME, and PWD (the inside cwd, set by bubblewrap)")
                    .containsExactly("GREETING=hello", "HOME=/work", "PATH=/usr/local/bin:/usr/bin:/bin", "PWD=/work");
            assertThat(r.stdout()).doesNotContain("host-secret-must-not-leak");
        }

        @Test
        void run_runsAsUnprivilegedUserWithoutCapabilities() {
            ProcessResult r = runOnce(List.of("sh", "-c", "id -u; grep CapEff /proc/self/status"));
            assertThat(r.succeeded()).as(r.reason()).isTrue();
            assertThat(r.stdout()).contains("CapEff:\t0000000000000000").doesNotStartWith("0\n");
        }

        @Test
        void run_stdin_reachesProcess() {
            try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
                ProcessResult r = sandbox.run(List.of("cat"), TEN_SECONDS, "piped in".getBytes(StandardCharsets.UTF_8));
                assertThat(r.stdout()).isEqualTo("piped in");
            }
        }

        @Test
        void run_nonZeroExit_isExitedWithCode() {
            ProcessResult r = runOnce(List.of("sh", "-c", "echo oops >&2; exit 3"));
            assertThat(r.termination()).isEqualTo(TerminationReason.EXITED);
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stderr()).isEqualTo("oops\n");
            assertThat(r.reason()).isEqualTo("exited with code 3");
        }

        @Test
        void run_metacharactersInArgv_stayLiteral() {
            ProcessResult r = runOnce(List.of("echo", "a;", "touch", "pwned", "&&", "$(id)", "`id`"));
            assertThat(r.stdout()).isEqualTo("a; touch pwned && $(id) `id`\n");
        }

        @Test
        void run_badArgv_invalidInput() {
            try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
                assertThatThrownBy(() -> sandbox.run(List.of(), TEN_SECONDS))
                        .isInstanceOf(SilasException.class)
                        .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
                assertThatThrownBy(() -> sandbox.run(List.of("echo", "a\0b"), TEN_SECONDS))
                        .isInstanceOf(SilasException.class);
            }
        }
    }

    @Nested
    class Network {
        @Test
        void connectToHostLoopback_failsWithoutNetworkAccess_succeedsWithIt() throws IOException {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                CompletableFuture.runAsync(() -> acceptForever(listener));
                List<String> connect = List.of("python3", "-c",
                        "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 3); print('connected')",
                        Integer.toString(listener.getLocalPort()));

                ProcessResult isolated = runOnce(connect);
                assertThat(isolated.termination()).isEqualTo(TerminationReason.EXITED);
                assertThat(isolated.exitCode()).isNotZero();
                assertThat(isolated.stdout()).doesNotContain("connected");

                ProcessResult open = runOnce(SandboxConfig.defaults().withTimeout(TEN_SECONDS).withNetworkAccess(true), connect);
                assertThat(open.succeeded()).as(open.reason() + open.stderr()).isTrue();
                assertThat(open.stdout()).contains("connected");
            }
        }

        private void acceptForever(ServerSocket listener) {
            while (!listener.isClosed()) {
                try {
                    listener.accept().close();
                } catch (IOException e) {
                    return;
                }
            }
        }
    }

    @Nested
    class Limits {
        @Test
        void shellForkBomb_containedByPidsLimit_hostStaysHealthy() throws Exception {
            SandboxConfig config = SandboxConfig.defaults().withMaxProcesses(32).withTimeout(Duration.ofSeconds(5));
            try (Sandbox sandbox = manager.create(config)) {
                Files.writeString(sandbox.workDir().resolve("bomb.sh"), ":(){ :|:& };:\nsleep 2\n");
                // dash rejects ':' as a function name, so the classic bomb runs under bash.
                ProcessResult r = sandbox.run(List.of("bash", "bomb.sh"), config.timeout());
                assertThat(r.termination()).as(r.reason()).isEqualTo(TerminationReason.PIDS_LIMIT);
                assertThat(r.reason()).contains("process limit of 32");
            }
            assertHostCanSpawn();
        }

        @Test
        void pythonForkLoop_containedByPidsLimit() throws Exception {
            String script = String.join("\n",
                    "import os, time",
                    "for _ in range(500):",
                    "    try:",
                    "        if os.fork() == 0:",
                    "            time.sleep(30)",
                    "            os._exit(0)",
                    "    except OSError:",
                    "        print('fork refused')",
                    "        break");
            ProcessResult r = runOnce(SandboxConfig.defaults().withMaxProcesses(16).withTimeout(TEN_SECONDS),
                    List.of("python3", "-c", script));
            assertThat(r.termination()).as(r.reason()).isEqualTo(TerminationReason.PIDS_LIMIT);
            assertThat(r.stdout()).contains("fork refused");
            assertHostCanSpawn();
        }

        @Test
        void oneGibAllocation_killedAt64MibLimit() {
            ProcessResult r = runOnce(SandboxConfig.defaults().withMaxMemoryMb(64).withTimeout(Duration.ofSeconds(30)),
                    List.of("python3", "-c", "data = b'x' * (1 << 30); print(len(data))"));
            assertThat(r.termination()).as(r.reason()).isEqualTo(TerminationReason.MEMORY_LIMIT);
            assertThat(r.reason()).contains("memory limit of 64 MiB");
            assertThat(r.stdout()).isEmpty();
        }

        @Test
        void cpuSpin_killedAtCpuLimit() {
            ProcessResult r = runOnce(SandboxConfig.defaults().withMaxCpuSeconds(1).withTimeout(Duration.ofSeconds(30)),
                    List.of("python3", "-c", "while True: pass"));
            assertThat(r.termination()).as(r.reason()).isEqualTo(TerminationReason.CPU_LIMIT);
            assertThat(r.reason()).contains("CPU time limit of 1 s");
        }

        @Test
        void sleep300_withOneSecondTimeout_returnsTimeout() {
            try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
                ProcessResult r = sandbox.run(List.of("sleep", "300"), Duration.ofSeconds(1));
                assertThat(r.termination()).isEqualTo(TerminationReason.TIMEOUT);
                assertThat(r.exitCode()).isEqualTo(ProcessResult.NO_EXIT_CODE);
                assertThat(r.reason()).isEqualTo("timed out after 1 s; the whole process tree was killed");
            }
        }

        @Test
        void manyRunsInOneSandbox_leaveNoProcessesCharged() {
            // Regression: leaked (unreaped) helper processes would use up a small pids limit after a few runs.
            try (Sandbox sandbox = manager.create(SandboxConfig.defaults().withMaxProcesses(4))) {
                for (int i = 0; i < 30; i++) {
                    ProcessResult r = sandbox.run(List.of("true"), TEN_SECONDS);
                    assertThat(r.succeeded()).as("run " + i + ": " + r.reason()).isTrue();
                }
            }
        }

        @Test
        void output200Kb_truncatedAtCap() {
            ProcessResult r = runOnce(List.of("python3", "-c", "import sys; sys.stdout.write('x' * 200000)"));
            assertThat(r.truncated()).isTrue();
            assertThat(r.stdout()).hasSize(SandboxConfig.DEFAULT_MAX_OUTPUT_BYTES);
            assertThat(r.termination()).isEqualTo(TerminationReason.EXITED);
            assertThat(r.reason()).endsWith("(output truncated)");
        }

        private void assertHostCanSpawn() throws Exception {
            Process p = new ProcessBuilder("true").start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
    }

    @Nested
    class ProcessTree {
        private static final String DOUBLE_FORK = String.join("\n",
                "import os, time",
                "if os.fork() == 0:",
                "    os.setsid()",
                "    if os.fork() == 0:",
                "        time.sleep(300)",
                "    os._exit(0)",
                "time.sleep(300)");

        @Test
        void setsidGrandchild_doesNotSurviveTimeout() throws Exception {
            String marker = "silas-marker-" + UUID.randomUUID();
            try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
                CompletableFuture<ProcessResult> run = CompletableFuture.supplyAsync(() ->
                        sandbox.run(List.of("python3", "-c", DOUBLE_FORK, marker), Duration.ofSeconds(3)));
                assertThat(SandboxFixture.awaitPresent(marker, 2)).as("payload and grandchild visible").isTrue();
                assertThat(run.get(60, TimeUnit.SECONDS).termination()).isEqualTo(TerminationReason.TIMEOUT);
                assertThat(SandboxFixture.awaitGone(marker)).isEmpty();
            }
        }

        @Test
        void setsidGrandchild_doesNotSurviveClose() throws Exception {
            String marker = "silas-marker-" + UUID.randomUUID();
            Sandbox sandbox = manager.create(SandboxConfig.defaults());
            CompletableFuture<ProcessResult> run = CompletableFuture.supplyAsync(() ->
                    sandbox.run(List.of("python3", "-c", DOUBLE_FORK, marker), Duration.ofSeconds(120)));
            assertThat(SandboxFixture.awaitPresent(marker, 2)).as("payload and grandchild visible").isTrue();
            sandbox.close();
            assertThat(run.get(60, TimeUnit.SECONDS).termination()).isNotEqualTo(TerminationReason.EXITED);
            assertThat(SandboxFixture.awaitGone(marker)).isEmpty();
        }
    }

    /** Runs in one sandbox share its namespaces; nothing a run starts may outlive it or reach its init. */
    @Nested
    class RunsInOneSandbox {
        @Test
        void backgroundProcess_doesNotOutliveItsRun() throws Exception {
            String marker = "silas-marker-" + UUID.randomUUID();
            try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
                ProcessResult r = sandbox.run(List.of("python3", "-c", String.join("\n",
                        "import os, sys, time",
                        "if os.fork() == 0:",
                        "    os.setsid()",
                        "    os.close(1); os.close(2)",
                        "    time.sleep(300)",
                        "print('left a child')"), marker), TEN_SECONDS);
                assertThat(r.succeeded()).as(r.reason() + r.stderr()).isTrue();
                assertThat(SandboxFixture.awaitGone(marker)).as("the run's leftovers are killed when it ends").isEmpty();
                ProcessResult next = sandbox.run(List.of("true"), TEN_SECONDS);
                assertThat(next.succeeded()).as(next.reason()).isTrue();
            }
        }

        @Test
        void run_cannotTraceOrSignalAwayTheSandboxInit() {
            try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
                ProcessResult r = sandbox.run(List.of("python3", "-c", String.join("\n",
                        "import ctypes, os, signal",
                        "libc = ctypes.CDLL(None, use_errno=True)",
                        "print('attach', libc.ptrace(16, 1, 0, 0))",
                        "try:",
                        "    open('/proc/1/mem', 'rb').close(); print('mem open')",
                        "except OSError as e:",
                        "    print('mem refused')",
                        "os.kill(1, signal.SIGKILL)",
                        "print('init signalled')")), TEN_SECONDS);
                assertThat(r.stdout()).contains("attach -1").contains("mem refused");
                ProcessResult next = sandbox.run(List.of("true"), TEN_SECONDS);
                assertThat(next.succeeded()).as("the init survived: " + next.reason()).isTrue();
            }
        }

        @Test
        void run_cannotCreateUserNamespaces_seesOnlyTheSandboxPids() {
            try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
                ProcessResult userns = sandbox.run(List.of("unshare", "--user", "true"), TEN_SECONDS);
                assertThat(userns.exitCode()).isNotZero();
                ProcessResult pids = sandbox.run(List.of("sh", "-c", "ls /proc | grep -c '^[0-9]'"), TEN_SECONDS);
                assertThat(Integer.parseInt(pids.stdout().strip())).as("init, sleep, sh, ls, grep").isLessThan(10);
            }
        }

        @Test
        void run_isInItsOwnSession_notTheJvms() throws Exception {
            String marker = "silas-marker-" + UUID.randomUUID();
            try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
                CompletableFuture<ProcessResult> run = CompletableFuture.supplyAsync(() ->
                        sandbox.run(List.of("sh", "-c", "sleep 30", marker), Duration.ofSeconds(2)));
                assertThat(SandboxFixture.awaitPresent(marker, 1)).isTrue();
                long pid = SandboxFixture.processesWithMarker(marker).get(0);
                assertThat(session(Path.of("/proc", Long.toString(pid), "stat")))
                        .isNotEqualTo(session(Path.of("/proc/self/stat")));
                assertThat(run.get(60, TimeUnit.SECONDS).termination()).isEqualTo(TerminationReason.TIMEOUT);
            }
        }

        private long session(Path stat) throws IOException {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[3]);
        }

        @Test
        void twoManagers_useDifferentUids() {
            SandboxManager other = SandboxFixture.manager(base);
            try (Sandbox a = manager.create(SandboxConfig.defaults()); Sandbox b = other.create(SandboxConfig.defaults())) {
                String uidA = a.run(List.of("id", "-u"), TEN_SECONDS).stdout();
                String uidB = b.run(List.of("id", "-u"), TEN_SECONDS).stdout();
                assertThat(uidA).isNotBlank().isNotEqualTo(uidB);
            }
        }
    }

    @Nested
    class Filesystem {
        @Test
        void reads_ofRootHomeBaseDirAndHostTmp_fail() throws IOException {
            Path secret = Files.createTempFile("silas-planted-secret", ".txt");
            try {
                Files.writeString(secret, "planted-secret-value");
                for (String path : List.of("/root", base.toString(), secret.toString(), "/etc/shadow", "/etc/passwd")) {
                    ProcessResult r = runOnce(List.of("cat", path));
                    assertThat(r.exitCode()).as(path).isNotZero();
                    assertThat(r.stdout()).as(path).isEmpty();
                }
                ProcessResult listing = runOnce(List.of("ls", "-a", "/tmp", "/"));
                assertThat(listing.stdout()).doesNotContain(secret.getFileName().toString()).doesNotContain("root");
            } finally {
                Files.deleteIfExists(secret);
            }
        }

        @Test
        void writes_outsideWorkDir_fail_insideWorkDir_succeed() throws IOException {
            try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
                for (String target : List.of("/usr/silas-evil", "/silas-evil", "/etc/silas-evil", "/bin/silas-evil")) {
                    ProcessResult r = sandbox.run(List.of("touch", target), TEN_SECONDS);
                    assertThat(r.exitCode()).as(target).isNotZero();
                    assertThat(Path.of(target)).doesNotExist();
                }
                ProcessResult ok = sandbox.run(List.of("sh", "-c", "echo made > result.txt"), TEN_SECONDS);
                assertThat(ok.succeeded()).as(ok.reason() + ok.stderr()).isTrue();
                assertThat(Files.readString(sandbox.workDir().resolve("result.txt"))).isEqualTo("made\n");
            }
        }

        @Test
        void close_deletesWorkDir_evenWithPlantedSymlinks() throws IOException {
            Path keep = Files.createTempFile("silas-keep", ".txt");
            try {
                Path workDir;
                try (Sandbox sandbox = manager.create(SandboxConfig.defaults())) {
                    workDir = sandbox.workDir();
                    sandbox.run(List.of("sh", "-c", "mkdir -p d/e && echo x > d/e/f && ln -s " + keep + " link"
                            + " && chmod 000 d"), TEN_SECONDS);
                    assertThat(workDir).isDirectory();
                }
                assertThat(workDir).doesNotExist();
                assertThat(workDir.getParent()).doesNotExist();
                assertThat(keep).exists();
            } finally {
                Files.deleteIfExists(keep);
            }
        }

        @Test
        void readOnlyWorkDir_shownAtWorkDir_readOnly_freshWorkDirHidden() throws IOException {
            Path shown = Files.createTempDirectory("silas-ro-work-");
            try {
                Files.setPosixFilePermissions(shown, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.writeString(shown.resolve("artifact.txt"), "artifact\n");
                try (Sandbox sandbox = manager.create(SandboxConfig.defaults().withReadOnlyWorkDir(shown))) {
                    Files.writeString(sandbox.workDir().resolve("fresh.txt"), "fresh\n");
                    ProcessResult r = sandbox.run(List.of("sh", "-c", "pwd; ls; cat artifact.txt; touch new.txt"), TEN_SECONDS);
                    assertThat(r.stdout()).isEqualTo("/work\nartifact.txt\nartifact\n");
                    assertThat(r.exitCode()).as("touch in a read-only work dir").isNotZero();
                }
                try (var files = Files.list(shown)) {
                    assertThat(files.map(p -> p.getFileName().toString())).containsExactly("artifact.txt");
                }
            } finally {
                SandboxFixture.deleteTree(shown);
            }
        }

        @Test
        void readOnlyWorkDir_missing_invalidInput() {
            SandboxConfig config = SandboxConfig.defaults().withReadOnlyWorkDir(Path.of("/nonexistent/silas-" + UUID.randomUUID()));
            assertThatThrownBy(() -> manager.create(config))
                    .isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }

        @Test
        void run_afterClose_fails() {
            Sandbox sandbox = manager.create(SandboxConfig.defaults());
            sandbox.close();
            assertThatThrownBy(() -> sandbox.run(List.of("true"), TEN_SECONDS))
                    .isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.SANDBOX_FAILURE));
        }
    }

    @Nested
    class FailClosed {
        @Test
        void create_withMissingBwrap_failsClosedEveryTime() {
            SandboxManager broken = Sandboxes.subprocess(SubprocessSandboxOptions.defaults()
                    .withBaseDir(base).withBwrapPath(Path.of("/nonexistent/bwrap")));
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> broken.create(SandboxConfig.defaults()))
                        .isInstanceOf(SilasException.class)
                        .satisfies(e -> assertThat(((SilasException) e).code())
                                .isEqualTo(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE))
                        .hasMessageContaining("apt-get install -y bubblewrap");
            }
        }

        @Test
        void create_withBwrapThatDoesNotIsolate_failsClosed() {
            // /bin/true "succeeds" but writes no status record: the self-test must not accept it.
            SandboxManager fake = Sandboxes.subprocess(SubprocessSandboxOptions.defaults()
                    .withBaseDir(base).withBwrapPath(Path.of("/bin/true")));
            assertThatThrownBy(() -> fake.create(SandboxConfig.defaults()))
                    .isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code())
                            .isEqualTo(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE))
                    .hasMessageContaining("isolation");
        }

        @Test
        void create_withMissingExtraBind_invalidInput() {
            assertThatThrownBy(() -> manager.create(SandboxConfig.defaults()
                    .withFilesystemRead(List.of(Path.of("/nonexistent-silas")))))
                    .isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
    }
}
