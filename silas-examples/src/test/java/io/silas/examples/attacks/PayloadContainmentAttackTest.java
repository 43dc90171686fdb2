package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.IdGenerator;
import io.silas.core.approval.ApprovalDecision;
import io.silas.core.approval.ApprovalEngine;
import io.silas.core.approval.ApprovalScope;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.TerminationReason;
import io.silas.core.gate.Expectation;
import io.silas.core.gate.GateRunner;
import io.silas.core.trust.MutableClock;
import io.silas.core.trust.SigningKeys;
import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.DirectExecutor;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.WorkItem;
import io.silas.core.work.WorkItemResult;
import io.silas.core.work.WorkItemStatus;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import io.silas.execution.work.ExecutorRegistry;
import io.silas.execution.work.WorkExecution;
import io.silas.gates.Gates;
import io.silas.sqlite.SqliteStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payload — any process in a sandbox — against docs/threat-model.md#promise-4, #promise-5: it cannot decide a
 * verification outcome, reach the host's loopback, abstract unix sockets, link-local or private addresses when
 * its run has network, or fill the host's disk. Real sandboxes, real scripts, real listeners on the host.
 */
class PayloadContainmentAttackTest {
    private static final Instant START = Instant.parse("2026-02-01T10:00:00Z");

    @TempDir
    Path tmp;
    private SqliteStores stores;
    private SandboxManager sandboxes;

    @BeforeEach
    void setUp() {
        sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults());
        stores = SqliteStores.open(tmp.resolve("silas.db"), new MutableClock(START));
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    /**
     * Regression: the executor writes {@code json.py} next to a {@code result.json} that says 7 tests failed; the
     * check reads the result with Python's json module (even after changing into the artifacts). With the
     * artifacts as the check's working directory, Python imported the planted module and the item ended DONE.
     */
    @Test
    void executorPlantsJsonModule_checkStillJudgesTheRealResult_itemNotDone() {
        String plant = "sh -c 'printf \"%s\\n\" \"{\\\"failed\\\": 7}\" > result.json; "
                + "printf \"%s\\n\" \"def load(f): return {\\\"failed\\\": 0}\" \"dumps = repr\" > json.py'";
        String check = "sh -c 'cd /artifacts 2>/dev/null; python3 -c \"import json, sys; "
                + "sys.exit(json.load(open(\\\"result.json\\\"))[\\\"failed\\\"])\"'";
        WorkItem item = WorkItem.builder("hijack", WorkItemType.TASK, "Run the tests")
                .executor(DirectExecutor.SHELL).body(plant)
                .verify(List.of(VerificationCheck.of("tests pass", check, Expectation.exitCodeIs(0))))
                .createdAt(START).build();

        WorkItemResult result = execute(item);

        assertThat(tmp.resolve("artifacts/hijack/json.py")).as("the executor planted its module").exists();
        assertThat(tmp.resolve("artifacts/hijack/result.json")).exists();
        assertThat(result.status()).isNotEqualTo(WorkItemStatus.DONE);
        assertThat(result.verificationResults()).isNotEmpty().noneMatch(r -> r.passed());
    }

    /** A check never sees what the executor left in its HOME or current directory: both start empty. */
    @Test
    void executorPlantsDotfiles_checkHomeAndCwdAreEmpty() {
        String plant = "sh -c 'echo \"[alias]\" > .gitconfig; echo \"url = http://127.0.0.1:1\" > .curlrc; "
                + "echo ok > out.txt'";
        WorkItem item = WorkItem.builder("dotfiles", WorkItemType.TASK, "Write out.txt")
                .executor(DirectExecutor.SHELL).body(plant)
                .verify(List.of(VerificationCheck.of("clean", "sh -c 'ls -A \"$HOME\"; ls -A; echo end'",
                        Expectation.outputEquals("end"))))
                .createdAt(START).build();

        WorkItemResult result = execute(item);

        assertThat(result.verificationResults()).singleElement().satisfies(r -> assertThat(r.passed())
                .as(r.reason() + r.output()).isTrue());
    }

    /**
     * Regression: runs with network shared the host's namespace. Now a network run — a check with
     * {@code network: true} and a sandbox run with network, as skill scripts use — reaches none of: a TCP listener
     * on the host's 127.0.0.1 (directly or through the stack's gateway), a listener on all of the host's
     * addresses, an abstract unix socket on the host, 169.254.169.254. The listeners prove they would have seen
     * a connection from the host itself.
     */
    @Test
    void networkRun_reachesNoHostService() throws Exception {
        String abstractName = "silas-attack-" + IdGenerator.randomHex128().substring(0, 16);
        Path abstractHits = tmp.resolve("abstract-hits");
        Files.createFile(abstractHits);
        Process abstractListener = startAbstractListener(abstractName, abstractHits);
        AtomicInteger loopbackHits = new AtomicInteger();
        AtomicInteger wildcardHits = new AtomicInteger();
        try (ServerSocket loopback = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket wildcard = new ServerSocket()) {
            wildcard.bind(new InetSocketAddress(0));
            CompletableFuture.runAsync(() -> acceptForever(loopback, loopbackHits));
            CompletableFuture.runAsync(() -> acceptForever(wildcard, wildcardHits));
            List<String> hostAddresses = hostAddresses();
            proveListenersWork(loopback, wildcard, hostAddresses, abstractName, abstractHits, loopbackHits, wildcardHits);

            List<String> probe = new ArrayList<>(List.of("python3", "-c", PROBE, abstractName,
                    "127.0.0.1:" + loopback.getLocalPort(), "10.0.2.2:" + loopback.getLocalPort(),
                    "169.254.169.254:80"));
            hostAddresses.forEach(a -> probe.add(a + ":" + wildcard.getLocalPort()));

            ProcessResult direct;
            try (Sandbox sandbox = sandboxes.create(SandboxConfig.defaults().withNetworkAccess(true)
                    .withTimeout(Duration.ofSeconds(60)))) {
                direct = sandbox.run(probe, Duration.ofSeconds(60));
            }
            assertThat(direct.succeeded()).as(direct.reason() + direct.stderr()).isTrue();
            assertThat(direct.stdout()).doesNotContain("CONNECTED").contains("blocked abstract");

            String checkCommand = String.join(" ", probe.stream().map(PayloadContainmentAttackTest::quote).toList());
            WorkItem item = WorkItem.builder("net-check", WorkItemType.TASK, "Check the service")
                    .executor(DirectExecutor.SHELL).body("true")
                    .verify(List.of(new VerificationCheck("reach host", checkCommand,
                            Expectation.outputContains("CONNECTED"), 60, true, null)))
                    .createdAt(START).build();
            WorkItemResult result = execute(item);
            assertThat(result.verificationResults()).singleElement().satisfies(r -> {
                assertThat(r.passed()).as(r.output()).isFalse();
                assertThat(r.output()).contains("blocked abstract");
            });

            assertThat(loopbackHits.get()).as("connections to the host's 127.0.0.1 listener").isZero();
            assertThat(wildcardHits.get()).as("connections to the host's all-interfaces listener").isZero();
            assertThat(Files.readString(abstractHits)).as("connections to the host's abstract socket").isEmpty();
        } finally {
            abstractListener.destroyForcibly();
            abstractListener.waitFor();
        }
    }

    /**
     * Regression: with a 16 MiB memory limit and a 1 MiB file-size cap, a run wrote 48 MiB into {@code /work} on
     * the host's disk. Now the work dir is a bounded tmpfs: the run ends with DISK_LIMIT, the host holds at most
     * the limit, and what the run wrote before is still there to collect.
     */
    @Test
    void diskFill_48MiBInOneMiBFiles_boundedByTheWorkDirLimit() throws IOException {
        SubprocessSandboxOptions d = SubprocessSandboxOptions.defaults();
        SandboxManager capped = Sandboxes.subprocess(new SubprocessSandboxOptions(d.bwrapPath(), d.prlimitPath(),
                d.setprivPath(), d.shPath(), d.baseDir(), d.sandboxUidBase(), d.sandboxUidCount(), d.useCgroups(),
                1L << 20, d.maxOpenFiles(), d.perlPath(), d.mountPath(), d.network(), d.acceptMissing()));
        SandboxConfig config = SandboxConfig.defaults().withMaxMemoryMb(16).withMaxDisk(8, 1000)
                .withTimeout(Duration.ofSeconds(60));
        String fill = "echo first > first.txt; i=0; while [ $i -lt 48 ]; do "
                + "head -c 1048576 /dev/zero > f$i.bin || exit 1; i=$((i+1)); done; echo wrote all";
        try (Sandbox sandbox = capped.create(config)) {
            ProcessResult r = sandbox.run(List.of("sh", "-c", fill), Duration.ofSeconds(60));

            assertThat(r.termination()).as(r.reason() + r.stderr()).isEqualTo(TerminationReason.DISK_LIMIT);
            assertThat(r.stdout()).doesNotContain("wrote all");
            assertThat(bytesUnder(sandbox.workDir())).isLessThanOrEqualTo(8L << 20);
            assertThat(Files.readString(sandbox.workDir().resolve("first.txt"))).isEqualTo("first\n");
        }
    }

    private WorkItemResult execute(WorkItem item) {
        MutableClock clock = new MutableClock(START);
        ApprovalEngine approvals = ApprovalEngine.builder().signingKeys(SigningKeys.generate())
                .nonceStore(stores.nonceStore()).audit(stores.auditLog()).clock(clock).build();
        var token = approvals.issue(item, ApprovalDecision.approved(), ApprovalScope.FULL_PLAN);
        WorkItem approved = item.withApprovalToken(approvals.verify(token, item, null).orThrow());
        stores.workItemStore().save(approved);
        GateRunner gates = Gates.runner().audit(stores.auditLog()).provider(Gates.predicate()).build();
        return WorkExecution.builder().approvals(approvals).store(stores.workItemStore()).audit(stores.auditLog())
                .executors(ExecutorRegistry.defaults(sandboxes)).verification(Verification.runner(sandboxes))
                .gates(gates).artifactsDir(tmp.resolve("artifacts")).clock(clock)
                .ids(IdGenerator.sequential("x")).approvalTimeout(Duration.ofSeconds(10))
                .prompter((request, timeout) -> ApprovalDecision.declined())
                .build().execute(approved);
    }

    /** Tries each target; prints CONNECTED or blocked per target. argv: abstract name, then host:port targets. */
    private static final String PROBE = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX)",
            "try:",
            "    s.connect('\\0' + sys.argv[1]); print('CONNECTED abstract')",
            "except OSError:",
            "    print('blocked abstract')",
            "for target in sys.argv[2:]:",
            "    host, port = target.rsplit(':', 1)",
            "    try:",
            "        socket.create_connection((host, int(port)), 3); print('CONNECTED', target)",
            "    except OSError:",
            "        print('blocked', target)",
            "");

    private void proveListenersWork(ServerSocket loopback, ServerSocket wildcard, List<String> hostAddresses,
                                    String abstractName, Path abstractHits, AtomicInteger loopbackHits,
                                    AtomicInteger wildcardHits) throws Exception {
        new Socket(InetAddress.getLoopbackAddress(), loopback.getLocalPort()).close();
        new Socket(hostAddresses.get(0), wildcard.getLocalPort()).close();
        Process client = new ProcessBuilder("python3", "-c", "import socket, sys\ns = socket.socket(socket.AF_UNIX)\n"
                + "s.connect('\\0' + sys.argv[1])\n", abstractName).inheritIO().start();
        assertThat(client.waitFor()).as("the host itself reaches its abstract socket").isZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (loopbackHits.get() == 0 || wildcardHits.get() == 0 || Files.size(abstractHits) == 0) {
            assertThat(System.nanoTime()).as("the listeners saw the host's own connections").isLessThan(deadline);
            Thread.sleep(5);
        }
        loopbackHits.set(0);
        wildcardHits.set(0);
        Files.writeString(abstractHits, "");
    }

    private static Process startAbstractListener(String name, Path hits) throws IOException {
        Process p = new ProcessBuilder("python3", "-c", String.join("\n",
                "import socket, sys",
                "s = socket.socket(socket.AF_UNIX)",
                "s.bind('\\0' + sys.argv[1]); s.listen(16)",
                "print('listening', flush=True)",
                "while True:",
                "    c, _ = s.accept()",
                "    with open(sys.argv[2], 'a') as f: f.write('connected\\n')",
                "    c.close()",
                ""), name, hits.toString()).redirectErrorStream(true).start();
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(first).isEqualTo("listening");
        return p;
    }

    private static void acceptForever(ServerSocket listener, AtomicInteger hits) {
        while (!listener.isClosed()) {
            try {
                listener.accept().close();
                hits.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static List<String> hostAddresses() throws IOException {
        List<String> addresses = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    addresses.add(a.getHostAddress());
                }
            }
        }
        assertThat(addresses).as("the host has a non-loopback IPv4 address").isNotEmpty();
        return addresses;
    }

    private static long bytesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\"'\"'") + "'";
    }
}
