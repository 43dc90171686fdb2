package io.silas.execution.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sandbox's environment variables (credentials, tokens) reach the payload but never a command line: every local
 * user can read {@code /proc/<pid>/cmdline} of every process, so a value there would leak for as long as the
 * sandbox runs. Checked on both backends (persistent namespaces with cgroups, fresh namespaces per run without),
 * by scanning every process's command line while the payload runs.
 */
class SandboxEnvironmentSecrecyTest {
    private static Path base;
    private static SandboxManager persistent;
    private static SandboxManager perRun;

    @BeforeAll
    static void setUp() {
        base = SandboxFixture.newBaseDir();
        persistent = SandboxFixture.manager(base);
        perRun = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withBaseDir(base).withUseCgroups(false));
    }

    @AfterAll
    static void tearDown() {
        SandboxFixture.deleteTree(base.getParent());
    }

    @Test
    void defaultBackend_valueReachesPayloadButNoCommandLine() throws Exception {
        assertSecretStaysOffCommandLines(persistent);
    }

    @Test
    void perRunBackend_valueReachesPayloadButNoCommandLine() throws Exception {
        assertSecretStaysOffCommandLines(perRun);
    }

    @Test
    void envArgs_areNulSeparatedSetenvTriplesSortedByName() {
        SandboxConfig config = SandboxConfig.defaults().withEnv(Map.of("B_KEY", "two words", "A_KEY", "x=$(id)"));
        assertThat(new String(IsolationCommand.envArgs(config), StandardCharsets.UTF_8))
                .isEqualTo("--setenv\0A_KEY\0x=$(id)\0--setenv\0B_KEY\0two words\0");
        assertThat(IsolationCommand.envArgs(SandboxConfig.defaults())).isEmpty();
    }

    private static void assertSecretStaysOffCommandLines(SandboxManager manager) throws Exception {
        String marker = "canary-" + UUID.randomUUID();
        String value = marker + " with space; $(id) `id` 'quoted'";
        SandboxConfig config = SandboxConfig.defaults().withTimeout(Duration.ofSeconds(20))
                .withEnv(Map.of("SILAS_CANARY", value));
        try (Sandbox sandbox = manager.create(config)) {
            CompletableFuture<ProcessResult> run = CompletableFuture.supplyAsync(() -> sandbox.run(
                    List.of("sh", "-c", "sleep 1; printf '%s' \"$SILAS_CANARY\""), config.timeout()));
            List<Long> seen = new ArrayList<>();
            int scans = 0;
            while (!run.isDone()) {
                seen.addAll(SandboxFixture.processesWithMarker(marker));
                scans++;
                TimeUnit.MILLISECONDS.sleep(20);
            }
            ProcessResult result = run.get();
            assertThat(result.succeeded()).as(result.reason() + result.stderr()).isTrue();
            assertThat(result.stdout()).as("the payload gets the exact value").isEqualTo(value);
            assertThat(scans).as("the command lines were scanned while the payload ran").isGreaterThan(5);
            assertThat(seen).as("processes whose command line carried the value").isEmpty();
            assertThat(leftoverEnvFiles()).as("environment files left after the run").isEmpty();
        }
    }

    private static List<Path> leftoverEnvFiles() throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(p -> p.getFileName().toString().startsWith("env-")).toList();
        }
    }
}
