package io.silas.execution.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.TerminationReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same limits without cgroups: memory by {@code RLIMIT_AS}, processes by a dedicated uid plus
 * {@code RLIMIT_NPROC} (the path used on hosts without a writable cgroup hierarchy).
 */
class RlimitFallbackSandboxTest {
    private static Path base;
    private static SandboxManager manager;

    @BeforeAll
    static void setUp() {
        base = SandboxFixture.newBaseDir();
        manager = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(base).withUseCgroups(false));
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

    @Test
    void pythonForkLoop_containedByNprocLimit() {
        String script = String.join("\n",
                "import os, time",
                "for _ in range(500):",
                "    if os.fork() == 0:",
                "        time.sleep(30)",
                "        os._exit(0)");
        ProcessResult r = runOnce(SandboxConfig.defaults().withMaxProcesses(16).withTimeout(Duration.ofSeconds(10)),
                List.of("python3", "-c", script));
        assertThat(r.termination()).as(r.reason() + r.stderr()).isEqualTo(TerminationReason.PIDS_LIMIT);
    }

    @Test
    void oneGibAllocation_refusedUnderAddressSpaceLimit() {
        ProcessResult r = runOnce(SandboxConfig.defaults().withMaxMemoryMb(128).withTimeout(Duration.ofSeconds(30)),
                List.of("python3", "-c", "data = b'x' * (1 << 30); print(len(data))"));
        assertThat(r.termination()).as(r.reason() + r.stderr()).isEqualTo(TerminationReason.MEMORY_LIMIT);
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void ordinaryRun_succeeds() {
        ProcessResult r = runOnce(SandboxConfig.defaults().withTimeout(Duration.ofSeconds(10)),
                List.of("python3", "-c", "print('ok')"));
        assertThat(r.succeeded()).as(r.reason() + r.stderr()).isTrue();
        assertThat(r.stdout()).isEqualTo("ok\n");
    }
}
