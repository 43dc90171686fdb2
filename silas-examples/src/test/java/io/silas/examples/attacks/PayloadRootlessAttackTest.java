package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.TerminationReason;
import io.silas.execution.sandbox.SandboxDiagnosis;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The payload against docs/threat-model.md#promise-5 under the uid the JVM runs as — as root in the ordinary build, and
 * again as uid {@value NonRootJvm#UID} ({@link #asNonRoot_thisSuiteAndTheContainmentSuiteHold}, a child JVM
 * started through {@code setpriv}), where the sandbox is rootless: a fork bomb is stopped at the process limit, a
 * memory hog and a CPU spinner are killed, a listener on the host's 127.0.0.1 sees no connection (network off and
 * on), nothing is written outside the work dir, and nothing outlives the run.
 */
class PayloadRootlessAttackTest {
    private static SandboxManager sandboxes;

    @BeforeAll
    static void setUp() {
        sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults());
    }

    @AfterAll
    static void tearDown() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static ProcessResult run(SandboxConfig config, List<String> argv) {
        try (Sandbox sandbox = sandboxes.create(config.withTimeout(Duration.ofSeconds(60)))) {
            return sandbox.run(argv, Duration.ofSeconds(60));
        }
    }

    @Test
    void sleeper_stoppedAtTheWallClockLimit_treeGone() {
        ProcessResult r;
        try (Sandbox sandbox = sandboxes.create(SandboxConfig.defaults().withTimeout(Duration.ofSeconds(2)))) {
            r = sandbox.run(List.of("sh", "-c", "sleep 3333 & sleep 3333"), Duration.ofSeconds(2));
        }

        assertThat(r.termination()).as(r.reason() + r.stderr()).isEqualTo(TerminationReason.TIMEOUT);
        assertThat(leftovers("sleep 3333")).as("sleepers left on the host").isZero();
    }

    @Test
    void floodOfOutput_cappedAndMarkedTruncated() {
        ProcessResult r = run(SandboxConfig.defaults().withMaxOutputBytes(4096),
                List.of("sh", "-c", "head -c 10000000 /dev/zero | tr '\\0' x"));

        assertThat(r.truncated()).as(r.reason() + r.stderr()).isTrue();
        assertThat(r.stdout().length()).isLessThanOrEqualTo(4096);
    }

    @Test
    void everyGuaranteeHeld_onThisHostAsThisUid() {
        SandboxDiagnosis report = Sandboxes.diagnose();

        assertThat(report.missing()).as(report.table()).isEmpty();
        assertThat(report.mode()).isEqualTo(AttackHost.isRoot() ? "root" : "rootless");
    }

    @Test
    void forkBomb_stoppedAtTheProcessLimit() {
        ProcessResult r = run(SandboxConfig.defaults().withMaxProcesses(16),
                List.of("sh", "-c", "b() { b | b & }; b; sleep 3; echo survived"));

        assertThat(r.termination()).as(r.reason() + r.stderr()).isIn(TerminationReason.PIDS_LIMIT,
                TerminationReason.EXITED);
        assertThat(leftovers("b | b")).as("bomb processes left on the host").isZero();
    }

    @Test
    void processCount_neverAboveTheLimit() {
        ProcessResult r = run(SandboxConfig.defaults().withMaxProcesses(8), List.of("sh", "-c",
                "i=0; while [ $i -lt 100 ]; do sleep 30 & i=$((i+1)); echo $i; done"));

        List<String> started = r.stdout().lines().toList();
        assertThat(started).as(r.reason() + r.stderr()).isNotEmpty();
        assertThat(Integer.parseInt(started.get(started.size() - 1))).as("sleeps started").isLessThanOrEqualTo(8);
        assertThat(r.termination()).isEqualTo(TerminationReason.PIDS_LIMIT);
    }

    @Test
    void memoryHog_killedOrRefused() {
        ProcessResult r = run(SandboxConfig.defaults().withMaxMemoryMb(128),
                List.of("python3", "-c", "data = b'x' * (1 << 30); print(len(data))"));

        assertThat(r.termination()).as(r.reason() + r.stderr()).isEqualTo(TerminationReason.MEMORY_LIMIT);
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void cpuSpinner_killedAtTheCpuLimit() {
        ProcessResult r = run(SandboxConfig.defaults().withMaxCpuSeconds(1),
                List.of("sh", "-c", "while :; do :; done"));

        assertThat(r.termination()).as(r.reason() + r.stderr()).isEqualTo(TerminationReason.CPU_LIMIT);
    }

    @Test
    void loopbackListener_seesNoConnection_networkOffAndOn() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                while (!listener.isClosed()) {
                    try {
                        listener.accept().close();
                        hits.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            new java.net.Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort()).close();
            while (hits.get() == 0) {
                Thread.onSpinWait();
            }
            hits.set(0);
            String connect = "import socket, sys\nfor host in ('127.0.0.1', '10.0.2.2'):\n    try:\n"
                    + "        socket.create_connection((host, int(sys.argv[1])), 3); print('CONNECTED', host)\n"
                    + "    except OSError:\n        print('blocked', host)\n";
            List<String> argv = List.of("python3", "-c", connect, Integer.toString(listener.getLocalPort()));
            ProcessResult off = run(SandboxConfig.defaults(), argv);
            ProcessResult on = run(SandboxConfig.defaults().withNetworkAccess(true), argv);

            assertThat(off.succeeded()).as(off.reason() + off.stderr()).isTrue();
            assertThat(on.succeeded()).as(on.reason() + on.stderr()).isTrue();
            assertThat(off.stdout()).as(off.reason() + off.stderr()).contains("blocked 127.0.0.1")
                    .doesNotContain("CONNECTED");
            assertThat(on.stdout()).as(on.reason() + on.stderr()).contains("blocked 127.0.0.1")
                    .doesNotContain("CONNECTED");
            assertThat(hits.get()).as("connections the host's 127.0.0.1 listener saw").isZero();
        }
    }

    @Test
    void writesOutsideTheWorkDir_neverReachTheHost() throws IOException {
        Path target = Files.createTempDirectory(Path.of("/tmp"), "silas-outside-");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            ProcessResult r = run(SandboxConfig.defaults(), List.of("sh", "-c", "echo x > " + target
                    + "/marker; echo x > /marker; echo x > $HOME/../marker; echo x > /etc/marker; echo inside > "
                    + "/work/kept; echo done"));

            assertThat(r.succeeded()).as(r.reason() + r.stderr()).isTrue();
            assertThat(r.stdout()).contains("done");
            assertThat(target.resolve("marker")).doesNotExist();
            assertThat(Path.of("/marker")).doesNotExist();
            assertThat(Path.of("/etc/marker")).doesNotExist();
        } finally {
            NonRootJvm.deleteTree(target);
        }
    }

    @Test
    void setsidGrandchild_doesNotOutliveTheRun() {
        ProcessResult r = run(SandboxConfig.defaults(), List.of("sh", "-c",
                "setsid sh -c 'sleep 4321' > /dev/null 2>&1 < /dev/null & echo started"));

        assertThat(r.stdout()).as(r.reason() + r.stderr()).contains("started");
        assertThat(leftovers("sleep 4321")).as("leftover grandchildren").isZero();
    }

    @Test
    void payloadHasNoPrivileges_andIsNotRootInItsNamespace() {
        ProcessResult r = run(SandboxConfig.defaults(), List.of("sh", "-c",
                "id -u; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status"));

        assertThat(r.stdout()).as(r.reason() + r.stderr()).contains("CapEff:\t0000000000000000")
                .contains("CapBnd:\t0000000000000000").contains("NoNewPrivs:\t1");
        assertThat(r.stdout().lines().findFirst().orElse("0")).isNotEqualTo("0");
    }

    /**
     * The rootless half: this class and {@link PayloadContainmentAttackTest} again in a JVM running as uid
     * {@value NonRootJvm#UID}; every test must pass there too.
     */
    @Test
    @DisabledIfSystemProperty(named = NonRootJvm.CHILD_PROPERTY, matches = "true")
    void asNonRoot_thisSuiteAndTheContainmentSuiteHold() throws Exception {
        NonRootJvm.Outcome outcome = NonRootJvm.runTests(PayloadRootlessAttackTest.class,
                PayloadContainmentAttackTest.class, PayloadSandboxReuseAttackTest.class,
                ModelVerificationAttackTest.class);

        assertThat(outcome.output()).contains("child uid=" + (AttackHost.isRoot() ? NonRootJvm.UID : uid()));
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("0 tests failed");
    }

    /** This JVM's descendants whose command line contains {@code marker}. */
    private static long leftovers(String marker) {
        return ProcessHandle.current().descendants().filter(p -> p.info().arguments()
                .map(a -> String.join(" ", a).contains(marker)).orElse(false)).count();
    }

    private static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
