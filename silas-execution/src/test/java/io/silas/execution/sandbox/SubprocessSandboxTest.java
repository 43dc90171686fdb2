package io.silas.execution.sandbox;

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
        void hostLoopback_unreachableWithAndWithoutNetworkAccess() throws IOException {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
                CompletableFuture.runAsync(() -> acceptForever(listener, accepted));
                String port = Integer.toString(listener.getLocalPort());
                List<String> connect = List.of("python3", "-c", "import socket,sys\n"
                        + "for host in sys.argv[2:]:\n"
                        + "    try:\n"
                        + "        socket.create_connection((host, int(sys.argv[1])), 3); print('connected', host)\n"
                        + "    except OSError as e:\n"
                        + "        print('refused', host)\n", port, "127.0.0.1", SandboxNetwork.GATEWAY,
                        "169.254.169.254", "10.255.255.53");

                ProcessResult isolated = runOnce(connect);
                assertThat(isolated.succeeded()).as(isolated.reason() + isolated.stderr()).isTrue();
                assertThat(isolated.stdout()).doesNotContain("connected");

                ProcessResult open = runOnce(SandboxConfig.defaults().withTimeout(TEN_SECONDS).withNetworkAccess(true), connect);
                assertThat(open.succeeded()).as(open.reason() + open.stderr()).isTrue();
                assertThat(open.stdout()).doesNotContain("connected").contains("refused " + SandboxNetwork.GATEWAY);
                assertThat(accepted.get()).as("connections the host's loopback listener accepted").isZero();
            }
        }

        @Test
        void networkAccess_ownNamespace_dnsForwarderAnswers() {
            List<String> probe = List.of("python3", "-c", "import socket\n"
                    + "print(open('/etc/resolv.conf').read().strip())\n"
                    + "q = b'\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00"
                    + "\\x07example\\x03com\\x00\\x00\\x01\\x00\\x01'\n"
                    + "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(5)\n"
                    + "u.sendto(q, ('" + SandboxNetwork.DNS_SERVER + "', 53))\n"
                    + "d, a = u.recvfrom(512)\n"
                    + "print('answer', d[:2] == q[:2])\n");
            ProcessResult r = runOnce(SandboxConfig.defaults().withTimeout(TEN_SECONDS).withNetworkAccess(true), probe);
            assertThat(r.succeeded()).as(r.reason() + r.stderr()).isTrue();
            assertThat(r.stdout()).isEqualTo("nameserver " + SandboxNetwork.DNS_SERVER + "\nanswer True\n");
        }

        @Test
        void networkAccess_withoutSlirp4netns_failsClosedNamingThePackage() {
            SandboxManager missing = Sandboxes.subprocess(SubprocessSandboxOptions.defaults()
                    .withNetwork(SandboxNetwork.defaults().withSlirp4netnsPath(Path.of("/nonexistent/slirp4netns"))));
            assertThatThrownBy(() -> missing.create(SandboxConfig.defaults().withNetworkAccess(true)))
                    .isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE))
                    .hasMessageContaining("apt-get install -y slirp4netns");
        }

        private void acceptForever(ServerSocket listener, java.util.concurrent.atomic.AtomicInteger accepted) {
            while (!listener.isClosed()) {
                try {
                    listener.accept().close();
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }
    }

    @Nested
    class Limits {
        @Test
        void workDir_sizeLimit_endsWithDiskLimit_artifactsStillCollectable() throws IOException {
            SandboxConfig config = SandboxConfig.defaults().withMaxDisk(4, 1000).withTimeout(TEN_SECONDS);
            try (Sandbox sandbox = manager.create(config)) {
                ProcessResult r = sandbox.run(List.of("sh", "-c", "echo kept > kept.txt; "
                        + "head -c 8388608 /dev/zero > big.bin; echo wrote"), TEN_SECONDS);
                assertThat(r.termination()).as(r.reason() + r.stderr()).isEqualTo(TerminationReason.DISK_LIMIT);
                assertThat(r.reason()).contains("4 MiB");
                assertThat(Files.readString(sandbox.workDir().resolve("kept.txt"))).isEqualTo("kept\n");
                assertThat(Files.size(sandbox.workDir().resolve("big.bin"))).isLessThanOrEqualTo(4L << 20);
            }
        }

        @Test
        void workDir_fileCountLimit_endsWithDiskLimit() {
            SandboxConfig config = SandboxConfig.defaults().withMaxDisk(64, 50).withTimeout(TEN_SECONDS);
            try (Sandbox sandbox = manager.create(config)) {
                ProcessResult r = sandbox.run(List.of("sh", "-c", "i=0; while [ $i -lt 200 ]; do : > f$i || exit 1; "
                        + "i=$((i+1)); done"), TEN_SECONDS);
                assertThat(r.termination()).as(r.reason() + r.stderr()).isEqualTo(TerminationReason.DISK_LIMIT);
                try (var files = Files.list(sandbox.workDir())) {
                    assertThat(files.count()).isLessThan(50);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

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
        void artifactsDir_readOnlyCopyAtArtifacts_workDirStaysEmpty_sourceOwnerOnly() throws IOException {
            Path shown = Files.createTempDirectory("silas-ro-art-");
            try {
                Files.createDirectory(shown.resolve("sub"));
                Files.writeString(shown.resolve("artifact.txt"), "artifact\n");
                Files.writeString(shown.resolve("sub/inner.txt"), "inner\n");
                Files.setPosixFilePermissions(shown.resolve("artifact.txt"),
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                Files.createSymbolicLink(shown.resolve("link"), Path.of("/etc/hostname"));
                try (Sandbox sandbox = manager.create(SandboxConfig.defaults().withArtifactsDir(shown))) {
                    ProcessResult r = sandbox.run(List.of("sh", "-c", "pwd; ls -A; cat /artifacts/artifact.txt "
                            + "/artifacts/sub/inner.txt; ls /artifacts; touch /artifacts/new.txt"), TEN_SECONDS);
                    assertThat(r.stdout()).isEqualTo("/work\nartifact\ninner\nartifact.txt\nsub\n");
                    assertThat(r.exitCode()).as("touch in the read-only artifacts").isNotZero();
                }
                try (var files = Files.list(shown)) {
                    assertThat(files.map(p -> p.getFileName().toString()))
                            .containsExactlyInAnyOrder("artifact.txt", "sub", "link");
                }
            } finally {
                SandboxFixture.deleteTree(shown);
            }
        }

        @Test
        void artifactsDir_missing_invalidInput() {
            SandboxConfig config = SandboxConfig.defaults().withArtifactsDir(Path.of("/nonexistent/silas-" + UUID.randomUUID()));
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
