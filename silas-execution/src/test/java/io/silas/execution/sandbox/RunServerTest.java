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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adversarial tests of the run server of a persistent sandbox (real perl, bubblewrap, cgroups and processes; no
 * mocks): what a payload it starts holds, sees and can reach, and what happens when the server fails.
 */
class RunServerTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final String ZERO_CAPS = "0000000000000000";

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

    private static SubprocessSandbox persistent() {
        SubprocessSandbox sandbox = (SubprocessSandbox) manager.create(SandboxConfig.defaults());
        assertThat(sandbox.runServerPid()).as("this host runs persistent sandboxes through a run server").isPresent();
        return sandbox;
    }

    private static ProcessResult succeeded(ProcessResult r) {
        assertThat(r.termination()).as(r.reason() + " / " + r.stderr()).isEqualTo(TerminationReason.EXITED);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r;
    }

    private static Map<String, String> status(String procStatus) {
        Map<String, String> fields = new HashMap<>();
        for (String line : procStatus.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    private static int owner(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void payload_holdsOnlyStdinStdoutStderr_evenWhileAnotherRunIsOpen() throws Exception {
        try (SubprocessSandbox sandbox = persistent()) {
            CompletableFuture<ProcessResult> other = CompletableFuture.supplyAsync(() ->
                    sandbox.run(List.of("sleep", "3"), TEN_SECONDS, "pending input".getBytes(StandardCharsets.UTF_8)));
            // The shell's own descriptors, listed by a child (ls opens its own directory handle, not the shell's).
            ProcessResult r = succeeded(sandbox.run(List.of("sh", "-c", "ls /proc/$$/fd; readlink /proc/$$/fd/0"),
                    TEN_SECONDS));
            List<String> lines = r.stdout().lines().toList();
            assertThat(lines).containsExactly("0", "1", "2", "/dev/null");
            succeeded(other.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void payload_hasNoCapabilities_noNewPrivs_sandboxUidAndNoGroups() throws Exception {
        try (SubprocessSandbox sandbox = persistent()) {
            Map<String, String> s = status(succeeded(sandbox.run(List.of("cat", "/proc/self/status"), TEN_SECONDS))
                    .stdout());
            for (String caps : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
                assertThat(s.get(caps)).as(caps).isEqualTo(ZERO_CAPS);
            }
            assertThat(s.get("NoNewPrivs")).isEqualTo("1");
            String uid = Integer.toString(owner(sandbox.workDir()));
            assertThat(s.get("Uid").split("\\s+")).containsOnly(uid);
            assertThat(s.get("Gid").split("\\s+")).containsOnly(uid);
            assertThat(s.get("Groups")).isEmpty();
            assertThat(s.get("PPid")).as("its parent is outside the sandbox's pid namespace").isEqualTo("0");
        }
    }

    @Test
    void payload_cannotSeeOrSignalTheRunServerOrItsParent() throws Exception {
        try (SubprocessSandbox sandbox = persistent()) {
            long server = sandbox.runServerPid().orElseThrow();
            Path pidsFile = sandbox.workDir().resolve("pids");
            CompletableFuture<ProcessResult> run = CompletableFuture.supplyAsync(() -> sandbox.run(List.of(
                    "python3", "-c", String.join("\n",
                            "import os, signal, time",
                            "while not os.path.exists('pids.done'): time.sleep(0.02)",
                            "for pid in open('pids').read().split():",
                            "    try:",
                            "        os.kill(int(pid), signal.SIGKILL); print('signalled', pid)",
                            "    except ProcessLookupError:",
                            "        print('no such process')",
                            "    print('visible' if os.path.exists('/proc/' + pid) else 'invisible')",
                            "names = [open('/proc/%s/comm' % p).read().strip() for p in os.listdir('/proc') if p.isdigit()]",
                            "print('perl seen' if 'perl' in names else 'no perl')")), TEN_SECONDS));
            // The payload's host-side ancestors: the server and whatever it forked to wait for the payload.
            List<Long> outside = new ArrayList<>(List.of(server));
            assertThat(SandboxFixture.awaitPresent("pids.done", 1)).isTrue();
            ProcessHandle.of(server).orElseThrow().descendants()
                    .filter(p -> p.info().command().map(c -> c.contains("perl")).orElse(false))
                    .forEach(p -> outside.add(p.pid()));
            Files.writeString(pidsFile, outside.stream().map(String::valueOf).collect(Collectors.joining(" ")));
            Files.writeString(sandbox.workDir().resolve("pids.done"), "");
            ProcessResult r = succeeded(run.get(60, TimeUnit.SECONDS));
            assertThat(r.stdout()).doesNotContain("signalled").contains("no perl");
            assertThat(r.stdout().lines().filter(l -> l.equals("no such process")).count()).isEqualTo(outside.size());
            assertThat(r.stdout().lines().filter(l -> l.equals("invisible")).count()).isEqualTo(outside.size());
            assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).contains(true);
            succeeded(sandbox.run(List.of("true"), TEN_SECONDS));
        }
    }

    @Test
    void payload_cannotWriteTheServersStdinOrTheControlDir() throws Exception {
        try (SubprocessSandbox sandbox = persistent()) {
            long server = sandbox.runServerPid().orElseThrow();
            Path controlDir = sandbox.workDir().resolveSibling("ctl");
            List<String> before;
            try (var files = Files.list(controlDir)) {
                before = files.map(p -> p.getFileName().toString()).sorted().toList();
            }
            ProcessResult r = succeeded(sandbox.run(List.of("python3", "-c", String.join("\n",
                    "import os, sys",
                    "targets = ['/proc/%s/fd/0' % sys.argv[1], sys.argv[2] + '/planted', sys.argv[2] + '/out-1',",
                    "           '/proc/self/fd/0']",
                    "for t in targets:",
                    "    try:",
                    "        with open(t, 'w') as f: f.write('run\\0' * 100)",
                    "        print('wrote', t)",
                    "    except OSError as e:",
                    "        print('refused', type(e).__name__)",
                    "try:",
                    "    print('listed', os.listdir(sys.argv[2]))",
                    "except OSError as e:",
                    "    print('refused', type(e).__name__)"), Long.toString(server), controlDir.toString()),
                    TEN_SECONDS, "input".getBytes(StandardCharsets.UTF_8)));
            assertThat(r.stdout()).doesNotContain("wrote").doesNotContain("listed");
            assertThat(r.stdout().lines().filter(l -> l.startsWith("refused")).count()).isEqualTo(5);
            try (var files = Files.list(controlDir)) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(before);
            }
            assertThat(sandbox.runServerPid()).hasValue(server);
            assertThat(succeeded(sandbox.run(List.of("echo", "still served"), TEN_SECONDS)).stdout())
                    .isEqualTo("still served\n");
        }
    }

    @Test
    void serverKilledMidRun_runIsAnIsolationFailure_nextRunGetsAFreshIsolatedServer() throws Exception {
        String marker = "silas-marker-" + UUID.randomUUID();
        try (SubprocessSandbox sandbox = persistent()) {
            long server = sandbox.runServerPid().orElseThrow();
            CompletableFuture<ProcessResult> run = CompletableFuture.supplyAsync(() ->
                    sandbox.run(List.of("sh", "-c", "sleep 300", marker), Duration.ofSeconds(120)));
            assertThat(SandboxFixture.awaitPresent(marker, 1)).isTrue();
            ProcessHandle.of(server).orElseThrow().destroyForcibly();
            ProcessResult killed = run.get(60, TimeUnit.SECONDS);
            assertThat(killed.termination()).as(killed.reason()).isEqualTo(TerminationReason.ISOLATION_FAILURE);
            assertThat(killed.exitCode()).isEqualTo(ProcessResult.NO_EXIT_CODE);
            assertThat(SandboxFixture.awaitGone(marker)).as("the run's processes are gone").isEmpty();

            Map<String, String> s = status(succeeded(sandbox.run(List.of("cat", "/proc/self/status"), TEN_SECONDS))
                    .stdout());
            assertThat(sandbox.runServerPid().orElseThrow()).isNotEqualTo(server);
            assertThat(s.get("NoNewPrivs")).isEqualTo("1");
            assertThat(s.get("CapEff")).isEqualTo(ZERO_CAPS);
            assertThat(s.get("Uid").split("\\s+")).containsOnly(Integer.toString(owner(sandbox.workDir())));
            assertThat(s.get("PPid")).isEqualTo("0");
            ProcessResult net = succeeded(sandbox.run(List.of("cat", "/proc/net/dev"), TEN_SECONDS));
            assertThat(net.stdout().lines().skip(2).map(l -> l.strip().split(":")[0])).containsExactly("lo");
        }
    }

    @Test
    void serverHoldingOtherNamespaces_failsClosed_nothingLeftRunning() {
        Path otherBase = SandboxFixture.newBaseDir();
        // The server is handed the host's uts namespace instead of the sandbox's: its report cannot match.
        SandboxManager tampered = new SubprocessSandboxManager(SubprocessSandboxOptions.defaults().withBaseDir(otherBase),
                (perl, handles, inodes, dir) -> {
                    Map<String, String> swapped = new HashMap<>(handles);
                    swapped.put("uts", "/proc/self/ns/uts");
                    return RunServer.start(perl, swapped, inodes, dir);
                });
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> tampered.create(SandboxConfig.defaults()))
                        .isInstanceOf(SilasException.class)
                        .satisfies(e -> assertThat(((SilasException) e).code())
                                .isEqualTo(ErrorCode.SANDBOX_ISOLATION_UNAVAILABLE));
            }
            assertThat(SandboxFixture.processesWithMarker(otherBase.toString())).isEmpty();
        } finally {
            SandboxFixture.deleteTree(otherBase.getParent());
        }
    }

    @Test
    void perlMissing_everyRunGetsFreshBubblewrapNamespaces_stillIsolated() throws Exception {
        SandboxManager noPerl = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(base)
                .withPerlPath(Path.of("/nonexistent/perl")));
        try (SubprocessSandbox sandbox = (SubprocessSandbox) noPerl.create(SandboxConfig.defaults())) {
            assertThat(sandbox.runServerPid()).isEmpty();
            Map<String, String> s = status(succeeded(sandbox.run(List.of("cat", "/proc/self/status"), TEN_SECONDS))
                    .stdout());
            assertThat(s.get("NoNewPrivs")).isEqualTo("1");
            assertThat(s.get("CapEff")).isEqualTo(ZERO_CAPS);
            assertThat(s.get("CapBnd")).isEqualTo(ZERO_CAPS);
            assertThat(s.get("Uid").split("\\s+")).containsOnly(Integer.toString(owner(sandbox.workDir())));
            ProcessResult net = succeeded(sandbox.run(List.of("cat", "/proc/net/dev"), TEN_SECONDS));
            assertThat(net.stdout().lines().skip(2).map(l -> l.strip().split(":")[0])).containsExactly("lo");
            ProcessResult exit = sandbox.run(List.of("sh", "-c", "echo fallback; exit 7"), TEN_SECONDS);
            assertThat(exit.exitCode()).isEqualTo(7);
            assertThat(exit.stdout()).isEqualTo("fallback\n");
            assertThat(sandbox.runServerPid()).isEmpty();
        }
    }

    @Test
    void eightConcurrentRuns_eachGetsItsOwnOutputAndExitCode() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (SubprocessSandbox sandbox = persistent()) {
            List<CompletableFuture<ProcessResult>> runs = IntStream.range(0, 8).mapToObj(i ->
                    CompletableFuture.supplyAsync(() -> sandbox.run(List.of("sh", "-c",
                            "read line; sleep 0.$1; echo \"out $1 $line\"; echo \"err $1\" >&2; exit $1", "run",
                            Integer.toString(i)), TEN_SECONDS, ("in-" + i + "\n").getBytes(StandardCharsets.UTF_8)),
                            callers))
                    .toList();
            for (int i = 0; i < runs.size(); i++) {
                ProcessResult r = runs.get(i).get(60, TimeUnit.SECONDS);
                assertThat(r.termination()).as(r.reason()).isEqualTo(TerminationReason.EXITED);
                assertThat(r.exitCode()).isEqualTo(i);
                assertThat(r.stdout()).isEqualTo("out " + i + " in-" + i + "\n");
                assertThat(r.stderr()).isEqualTo("err " + i + "\n");
            }
            assertThat(sandbox.runServerPid()).isPresent();
        } finally {
            callers.shutdownNow();
        }
    }
}
