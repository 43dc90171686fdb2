package io.silas.execution.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.VerificationReport;
import io.silas.core.execution.VerificationRunner;
import io.silas.core.gate.Expectation;
import io.silas.core.path.ConfinedPaths;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.VerificationResult;
import io.silas.execution.sandbox.SandboxFixture;
import io.silas.execution.sandbox.SandboxNetwork;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The default verification runner against real bubblewrap sandboxes and real files. */
class VerificationRunnerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static Path base;
    private static SandboxManager manager;

    private Path scratch;
    private Path artifacts;
    private Path project;
    private RecordingManager recording;
    private VerificationRunner runner;

    @BeforeAll
    static void startManager() {
        base = SandboxFixture.newBaseDir();
        manager = SandboxFixture.manager(base);
    }

    @AfterAll
    static void removeBase() {
        SandboxFixture.deleteTree(base.getParent());
    }

    @BeforeEach
    void setUp() throws IOException {
        // Readable by the unprivileged sandbox uid, as a host's verify dir must be.
        scratch = Files.createTempDirectory("silas-verify-test-");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        artifacts = Files.createDirectory(scratch.resolve("verify"));
        project = Files.createDirectory(scratch.resolve("project"));
        Files.writeString(artifacts.resolve("report.txt"), "all good\n");
        Files.createDirectory(artifacts.resolve("build"));
        Files.writeString(artifacts.resolve("build/out.txt"), "built\n");
        Files.writeString(project.resolve("pom.xml"), "<project/>\n");
        recording = new RecordingManager(manager);
        runner = Verification.runner(recording, VerificationOptions.defaults()
                .withProjectDirs(List.of(project))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @AfterEach
    void tearDown() {
        SandboxFixture.deleteTree(scratch);
    }

    private VerificationResult runOne(VerificationCheck check) {
        VerificationReport report = runner.run(List.of(check), artifacts);
        assertThat(report.results()).hasSize(1);
        return report.results().get(0);
    }

    private VerificationResult runOne(String run, Expectation expect) {
        return runOne(VerificationCheck.of("check", run, expect));
    }

    private static VerificationCheck check(String name, String run, Expectation expect, int timeout, boolean network,
                                           String cwd) {
        return new VerificationCheck(name, run, expect, timeout, network, cwd);
    }

    @Nested
    class Predicates {
        @Test
        void exitCode_matching_passes_otherwise_fails() {
            VerificationResult pass = runOne("sh -c 'exit 3'", Expectation.exitCodeIs(3));
            assertThat(pass.passed()).as(pass.reason()).isTrue();
            assertThat(pass.exitCode()).isEqualTo(3);

            VerificationResult fail = runOne("sh -c 'exit 3'", Expectation.exitCodeIs(0));
            assertThat(fail.passed()).isFalse();
            assertThat(fail.reason()).isEqualTo("exit code 3, expected 0");
            assertThat(fail.exitCode()).isEqualTo(3);
        }

        @Test
        void equals_exactOutput_passes_otherwise_fails() {
            assertThat(runOne("echo hello", Expectation.outputEquals("hello")).passed()).isTrue();
            VerificationResult fail = runOne("echo hello", Expectation.outputEquals("hell"));
            assertThat(fail.passed()).isFalse();
            assertThat(fail.output()).isEqualTo("hello\n");
        }

        @Test
        void contains_substring_passes_otherwise_fails() {
            assertThat(runOne("echo hello world", Expectation.outputContains("lo wo")).passed()).isTrue();
            assertThat(runOne("echo hello world", Expectation.outputContains("xyz")).passed()).isFalse();
        }

        @Test
        void regex_find_passes_otherwise_fails() {
            assertThat(runOne("echo 'built 42 modules'", Expectation.outputMatches("\\d+ modules")).passed()).isTrue();
            assertThat(runOne("echo 'built 42 modules'", Expectation.outputMatches("^modules")).passed()).isFalse();
        }

        @Test
        void outputLt_number_passes_otherwise_fails() {
            assertThat(runOne("echo 3.5", Expectation.outputLessThan(4)).passed()).isTrue();
            assertThat(runOne("echo 3.5", Expectation.outputLessThan(3)).passed()).isFalse();
            assertThat(runOne("echo many", Expectation.outputLessThan(3)).reason()).isEqualTo("output is not a number");
        }

        @Test
        void outputGt_number_passes_otherwise_fails() {
            assertThat(runOne("echo 10", Expectation.outputGreaterThan(9)).passed()).isTrue();
            assertThat(runOne("echo 10", Expectation.outputGreaterThan(10)).passed()).isFalse();
        }

        @Test
        void fileExists_artifact_passes_missing_fileNotFound() {
            VerificationResult pass = runOne("true", Expectation.fileExistsAt("build/out.txt"));
            assertThat(pass.passed()).as(pass.reason()).isTrue();

            VerificationResult missing = runOne("true", Expectation.fileExistsAt("build/missing.txt"));
            assertThat(missing.passed()).isFalse();
            assertThat(missing.reason()).isEqualTo("File not found");
        }

        @Test
        void notEmpty_output_passes_blank_fails() {
            assertThat(runOne("echo x", Expectation.outputNotEmpty()).passed()).isTrue();
            VerificationResult fail = runOne("true", Expectation.outputNotEmpty());
            assertThat(fail.passed()).isFalse();
            assertThat(fail.reason()).isEqualTo("output is empty");
        }

        @Test
        void stdoutIsJudged_notStderr() {
            VerificationResult r = runOne("sh -c 'echo visible; echo hidden >&2'", Expectation.outputContains("hidden"));
            assertThat(r.passed()).isFalse();
            assertThat(r.output()).isEqualTo("visible\n");
        }
    }

    @Nested
    class Limits {
        @Test
        void slowCheck_timeoutAfter1s_failedWithExactReason() {
            VerificationResult r = runOne(check("slow", "sleep 30", Expectation.exitCodeIs(0), 1, false, null));
            assertThat(r.passed()).isFalse();
            assertThat(r.reason()).isEqualTo("Timeout after 1s");
            assertThat(r.exitCode()).isNull();
        }

        @Test
        void longOutput_truncatedTo1000Chars() {
            VerificationResult r = runOne("python3 -c \"print('a' * 5000)\"", Expectation.outputNotEmpty());
            assertThat(r.passed()).isTrue();
            assertThat(r.output()).hasSize(1000).matches("a{1000}");
        }

        @Test
        void outputCutBySandboxCap_equalsCannotFalselyPass() {
            VerificationRunner capped = Verification.runner(manager,
                    VerificationOptions.defaults().withLimits(SandboxConfig.defaults().withMaxOutputBytes(100)));
            VerificationReport report = capped.run(List.of(
                    VerificationCheck.of("equals", "python3 -c \"print('a' * 500)\"", Expectation.outputEquals("a".repeat(100))),
                    VerificationCheck.of("contains", "python3 -c \"print('a' * 500)\"", Expectation.outputContains("aaa"))),
                    artifacts);
            assertThat(report.results().get(0).passed()).isFalse();
            assertThat(report.results().get(0).reason()).isEqualTo("Output exceeded 100 bytes and cannot be judged");
            assertThat(report.results().get(1).passed()).as("a prefix that contains the text is enough").isTrue();
        }

        @Test
        void onlyStderrCut_stdoutStillJudged() {
            VerificationRunner capped = Verification.runner(manager,
                    VerificationOptions.defaults().withLimits(SandboxConfig.defaults().withMaxOutputBytes(100)));
            VerificationResult r = capped.run(List.of(VerificationCheck.of("noisy",
                    "python3 -c \"import sys; sys.stderr.write('w' * 500); print('done')\"",
                    Expectation.outputEquals("done"))), artifacts).results().get(0);
            assertThat(r.passed()).as(r.reason()).isTrue();
        }

        @Test
        void memoryLimit_failedResourceLimit() {
            VerificationRunner small = Verification.runner(manager,
                    VerificationOptions.defaults().withLimits(SandboxConfig.defaults().withMaxMemoryMb(64)));
            VerificationResult r = small.run(List.of(VerificationCheck.of("hog",
                    "python3 -c \"data = b'x' * (1 << 30); print(len(data))\"", Expectation.exitCodeIs(137))),
                    artifacts).results().get(0);
            assertThat(r.passed()).isFalse();
            assertThat(r.reason()).startsWith("Resource limit: memory limit of 64 MiB");
        }
    }

    @Nested
    class FileConfinement {
        @Test
        void dotDotPath_rejectedBeforeAnythingRuns() {
            assertThatThrownBy(() -> Expectation.fileExistsAt("../x"))
                    .isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
            assertThat(ConfinedPaths.of(artifacts, List.of()).resolve("../x").problem())
                    .isEqualTo("Path outside permitted directories");
        }

        @Test
        void absolutePathOutside_outsidePermittedDirectories() {
            VerificationResult r = runOne("true", Expectation.fileExistsAt("/etc/passwd"));
            assertThat(r.passed()).isFalse();
            assertThat(r.reason()).isEqualTo("Path outside permitted directories");
        }

        @Test
        void symlinkInVerifyDirPointingOutside_outsidePermittedDirectories() throws IOException {
            Files.createSymbolicLink(artifacts.resolve("passwd"), Path.of("/etc/passwd"));
            Files.createSymbolicLink(artifacts.resolve("probe"), Path.of("/etc/no-such-file-" + System.nanoTime()));
            VerificationReport report = runner.run(List.of(
                    VerificationCheck.of("existing target", "true", Expectation.fileExistsAt("passwd")),
                    VerificationCheck.of("missing target", "true", Expectation.fileExistsAt("probe"))), artifacts);
            assertThat(report.results()).extracting(VerificationResult::reason)
                    .as("the same answer whether the outside target exists or not")
                    .containsOnly("Path outside permitted directories");
            assertThat(report.allPassed()).isFalse();
        }

        @Test
        void configuredProjectDir_allowed() {
            VerificationResult r = runOne("true", Expectation.fileExistsAt(project.resolve("pom.xml").toString()));
            assertThat(r.passed()).as(r.reason()).isTrue();

            VerificationRunner withoutProject = Verification.runner(manager);
            VerificationResult outside = withoutProject.run(List.of(VerificationCheck.of("p", "true",
                    Expectation.fileExistsAt(project.resolve("pom.xml").toString()))), artifacts).results().get(0);
            assertThat(outside.reason()).isEqualTo("Path outside permitted directories");
        }
    }

    @Nested
    class WorkingDirectory {
        @Test
        void default_emptyWorkDirAsHome_artifactsReadOnlyAtArtifacts() {
            VerificationResult r = runOne("sh -c 'ls -A; cat /artifacts/report.txt; echo \"$HOME\"; pwd; "
                    + "echo \"$SILAS_ARTIFACTS\"'", Expectation.outputContains("all good"));
            assertThat(r.passed()).as(r.reason()).isTrue();
            assertThat(r.output()).isEqualTo("all good\n/work\n/work\n/artifacts\n");
        }

        @Test
        void artifactsOnNoSearchPath_plantedModuleNotImported_evenFromTheArtifactsDir() throws IOException {
            Files.writeString(artifacts.resolve("json.py"), "raise SystemExit('hijacked')\n");
            Files.writeString(artifacts.resolve("sitecustomize.py"), "raise SystemExit('hijacked')\n");
            Files.writeString(artifacts.resolve("report.py"), "import json\nprint('script ran', json.__name__)\n");
            VerificationResult r = runOne("sh -c 'cd /artifacts && python3 -c \"import json; print(json.__file__)\" "
                    + "&& python3 /artifacts/report.py'", Expectation.outputContains("/usr/lib/python3"));
            assertThat(r.passed()).as(r.reason() + r.output()).isTrue();
            assertThat(r.output()).doesNotContain("hijacked");
        }

        @Test
        void relativeCwd_showsThatSubdirectory() {
            VerificationResult r = runOne(check("cwd", "cat /artifacts/out.txt", Expectation.outputEquals("built"), 10, false, "build"));
            assertThat(r.passed()).as(r.reason()).isTrue();
        }

        @Test
        void projectDirCwd_allowed() {
            VerificationResult r = runOne(check("cwd", "cat /artifacts/pom.xml", Expectation.outputContains("<project/>"), 10, false,
                    project.toString()));
            assertThat(r.passed()).as(r.reason()).isTrue();
        }

        @Test
        void cwdOutsideOrMissing_failedWithoutRunning() {
            VerificationReport report = runner.run(List.of(
                    check("etc", "true", Expectation.exitCodeIs(0), 10, false, "/etc"),
                    check("missing", "true", Expectation.exitCodeIs(0), 10, false, "nope"),
                    check("file", "true", Expectation.exitCodeIs(0), 10, false, "report.txt")), artifacts);
            assertThat(report.results()).extracting(VerificationResult::reason).containsExactly(
                    "Working directory: Path outside permitted directories",
                    "Working directory: File not found",
                    "Working directory: not a directory");
            assertThat(recording.created).as("no sandbox for a check that cannot run").isEmpty();
        }
    }

    @Nested
    class Isolation {
        @Test
        void eachCheck_ownFreshSandbox_closedAfterwards_writesNotShared() {
            VerificationReport report = runner.run(List.of(
                    VerificationCheck.of("write tmp", "sh -c 'echo one > /tmp/marker && cat /tmp/marker'",
                            Expectation.outputEquals("one")),
                    VerificationCheck.of("read tmp", "test -e /tmp/marker", Expectation.exitCodeIs(1))), artifacts);
            assertThat(report.allPassed()).as(report.failed().toString()).isTrue();
            assertThat(recording.created).hasSize(2);
            assertThat(recording.created.get(0).id()).isNotEqualTo(recording.created.get(1).id());
            assertThat(recording.created).allSatisfy(s -> assertThat(s.closed).isTrue());
            assertThat(recording.configs).allSatisfy(c -> {
                assertThat(c.env()).isEqualTo(SandboxVerificationRunner.CHECK_ENV);
                assertThat(c.filesystemRead()).isEmpty();
                assertThat(c.filesystemWrite()).isEmpty();
            });
        }

        @Test
        void check_cannotModifyOrAddArtifacts() throws IOException {
            VerificationReport report = runner.run(List.of(
                    VerificationCheck.of("write", "sh -c 'echo x > /artifacts/written.txt'", Expectation.exitCodeIs(0)),
                    VerificationCheck.of("append", "sh -c 'echo tampered >> /artifacts/report.txt'", Expectation.exitCodeIs(0)),
                    VerificationCheck.of("delete", "rm -f /artifacts/report.txt", Expectation.exitCodeIs(0)),
                    VerificationCheck.of("chmod", "chmod 777 /artifacts/build", Expectation.exitCodeIs(0))), artifacts);
            assertThat(report.results()).noneMatch(VerificationResult::passed);
            assertThat(report.failed()).hasSize(4);
            try (Stream<Path> files = Files.list(artifacts)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report.txt", "build");
            }
            assertThat(Files.readString(artifacts.resolve("report.txt"))).isEqualTo("all good\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(artifacts.resolve("build"))))
                    .isEqualTo("rwxr-xr-x");
        }

        @Test
        void hostEnvironmentVariable_notVisible() {
            assertThat(System.getenv("SILAS_TEST_HOST_SECRET")).as("surefire sets it in the test JVM").isNotNull();
            VerificationResult r = runOne("env", Expectation.outputNotEmpty());
            List<String> expected = new java.util.ArrayList<>(List.of("HOME=/work", "PATH=/usr/local/bin:/usr/bin:/bin",
                    "PWD=/work"));
            SandboxVerificationRunner.CHECK_ENV.forEach((k, v) -> expected.add(k + "=" + v));
            assertThat(r.output().lines().sorted().toList()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(r.output()).doesNotContain("host-secret-must-not-leak");
        }

        @Test
        void network_offByDefault_onWhenTheCheckAsks_neverHostLoopback() throws IOException {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
                CompletableFuture.runAsync(() -> acceptForever(listener, accepted));
                String connect = "python3 -c \"import socket,sys; socket.create_connection(('" + SandboxNetwork.GATEWAY
                        + "', int(sys.argv[1])), 3); print('connected')\" " + listener.getLocalPort();
                String dns = "python3 -c \"import socket; u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
                        + "u.settimeout(5); u.sendto(bytes.fromhex('123401000001000000000000076578616d706c6503636f6d0000010001'), "
                        + "('" + SandboxNetwork.DNS_SERVER + "', 53)); print('answered', len(u.recv(512)) > 0)\"";
                VerificationReport report = runner.run(List.of(
                        check("offline", dns, Expectation.outputContains("answered True"), 10, false, null),
                        check("online", dns, Expectation.outputContains("answered True"), 10, true, null),
                        check("loopback", connect, Expectation.outputContains("connected"), 10, true, null)), artifacts);
                assertThat(report.results().get(0).passed()).isFalse();
                assertThat(report.results().get(0).exitCode()).isNotZero();
                assertThat(report.results().get(1).passed()).as(report.results().get(1).reason()).isTrue();
                assertThat(report.results().get(2).passed()).isFalse();
                assertThat(accepted.get()).as("connections the host's loopback listener accepted").isZero();
                assertThat(recording.configs).extracting(SandboxConfig::networkAccess).containsExactly(false, true, true);
            }
        }

        @Test
        void shellMetacharacters_stayLiteral() {
            VerificationResult r = runOne("echo a; touch pwned && $(id)", Expectation.outputEquals("a; touch pwned && $(id)"));
            assertThat(r.passed()).as(r.reason()).isTrue();
        }

        @Test
        void isolationUnavailable_everyCheckFailsClosed() {
            SandboxManager broken = Sandboxes.subprocess(SubprocessSandboxOptions.defaults()
                    .withBaseDir(base).withBwrapPath(Path.of("/nonexistent/bwrap")));
            VerificationReport report = Verification.runner(broken).run(List.of(
                    VerificationCheck.of("a", "true", Expectation.exitCodeIs(0)),
                    VerificationCheck.of("b", "true", Expectation.exitCodeIs(0))), artifacts);
            assertThat(report.allPassed()).isFalse();
            assertThat(report.failed()).hasSize(2);
            assertThat(report.results()).allSatisfy(r ->
                    assertThat(r.reason()).startsWith("Sandbox isolation unavailable (check not run): ")
                            .contains("bubblewrap"));
        }

        @Test
        void artifactsOwnerOnly_stillJudged_throughTheSandboxsOwnCopy() throws IOException {
            assumeThat(Files.getAttribute(scratch, "unix:uid")).as("the JVM runs as root; sandboxes drop to other uids")
                    .isEqualTo(0);
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(artifacts, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(artifacts.resolve("report.txt"), PosixFilePermissions.fromString("rw-------"));
            VerificationResult r = runOne("cat /artifacts/report.txt", Expectation.outputEquals("all good"));
            assertThat(r.passed()).as(r.reason()).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(artifacts.resolve("report.txt"))))
                    .isEqualTo("rw-------");
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
    class Report {
        @Test
        void mixedResults_allPassedFalse_failedInOrder_timestampFromClock() {
            VerificationReport report = runner.run(List.of(
                    VerificationCheck.of("first", "echo ok", Expectation.outputContains("ok")),
                    VerificationCheck.of("second", "false", Expectation.exitCodeIs(0)),
                    VerificationCheck.of("third", "sh -c 'exit 2'", Expectation.exitCodeIs(0))), artifacts);
            assertThat(report.allPassed()).isFalse();
            assertThat(report.results()).extracting(VerificationResult::name).containsExactly("first", "second", "third");
            assertThat(report.failedNames()).containsExactly("second", "third");
            assertThat(report.timestamp()).isEqualTo(NOW);
        }

        @Test
        void allPassing_allPassedTrue() {
            VerificationReport report = runner.run(List.of(
                    VerificationCheck.of("a", "true", Expectation.exitCodeIs(0)),
                    VerificationCheck.of("b", "echo 5", Expectation.outputGreaterThan(1))), artifacts);
            assertThat(report.allPassed()).isTrue();
            assertThat(report.failed()).isEmpty();
        }

        @Test
        void badQuoting_failedInvalidCommand() {
            VerificationResult r = runOne("echo 'unterminated", Expectation.exitCodeIs(0));
            assertThat(r.passed()).isFalse();
            assertThat(r.reason()).startsWith("Invalid command: ");
        }

        @Test
        void unknownProgram_failsOnItsExitCode() {
            VerificationResult r = runOne("no-such-program-xyz", Expectation.exitCodeIs(0));
            assertThat(r.passed()).isFalse();
            assertThat(r.exitCode()).isEqualTo(127);
        }

        @Test
        void emptyChecksOrBadArtifacts_invalidInput_nothingRuns() {
            assertThatThrownBy(() -> runner.run(List.of(), artifacts))
                    .isInstanceOf(SilasException.class)
                    .satisfies(e -> assertThat(((SilasException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
            List<VerificationCheck> one = List.of(VerificationCheck.of("a", "true", Expectation.exitCodeIs(0)));
            assertThatThrownBy(() -> runner.run(one, artifacts.resolve("report.txt")))
                    .isInstanceOf(SilasException.class);
            assertThatThrownBy(() -> runner.run(one, scratch.resolve("missing")))
                    .isInstanceOf(SilasException.class);
            assertThat(recording.created).isEmpty();
        }
    }

    /** A real manager that records what it was asked for and whether each sandbox was closed. */
    private static final class RecordingManager implements SandboxManager {
        private final SandboxManager delegate;
        final List<SandboxConfig> configs = new ArrayList<>();
        final List<RecordingSandbox> created = new ArrayList<>();

        RecordingManager(SandboxManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public Sandbox create(SandboxConfig config) {
            configs.add(config);
            RecordingSandbox sandbox = new RecordingSandbox(delegate.create(config));
            created.add(sandbox);
            return sandbox;
        }
    }

    private static final class RecordingSandbox implements Sandbox {
        private final Sandbox delegate;
        boolean closed;

        RecordingSandbox(Sandbox delegate) {
            this.delegate = delegate;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public Path workDir() {
            return delegate.workDir();
        }

        @Override
        public ProcessResult run(List<String> argv, Duration timeout, byte[] stdin) {
            return delegate.run(argv, timeout, stdin);
        }

        @Override
        public void close() {
            closed = true;
            delegate.close();
        }
    }
}
