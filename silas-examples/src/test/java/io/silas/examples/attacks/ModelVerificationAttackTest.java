package io.silas.examples.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.silas.core.IdGenerator;
import io.silas.core.execution.ProcessResult;
import io.silas.core.execution.Sandbox;
import io.silas.core.execution.SandboxConfig;
import io.silas.core.execution.SandboxManager;
import io.silas.core.execution.VerificationReport;
import io.silas.core.execution.VerificationRunner;
import io.silas.core.gate.Expectation;
import io.silas.core.work.VerificationCheck;
import io.silas.core.work.VerificationResult;
import io.silas.execution.sandbox.Sandboxes;
import io.silas.execution.sandbox.SubprocessSandboxOptions;
import io.silas.execution.verify.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model — it writes the plan's checks — and the judged work against docs/threat-model.md#promise-4 now that checks
 * run in ready-made (pooled) sandboxes: a check, or the work it judges, that leaves a file in its work dir or
 * {@code HOME}, plants something in {@code /tmp} or {@code /dev/shm}, exports a variable, creates a SysV
 * segment or leaves a detached process behind cannot change the verdict of the next check or of the next
 * verification: each later check sees a clean, empty work dir and nothing of the earlier one. Also run as a
 * non-root uid by {@link PayloadRootlessAttackTest}.
 */
class ModelVerificationAttackTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A hostile check: plants everything it can, exports a variable; {@code $1} names its detached process. */
    private static final String PLANT = "echo planted > marker; echo planted > \"$HOME/.profile\"; "
            + "echo planted > /tmp/marker; echo planted > /dev/shm/marker; ipcmk -M 4096 >/dev/null; "
            + "export SILAS_POISON=1; "
            + "(setsid sh -c 'while :; do echo late > /tmp/late; sleep 0.05; done' \"$1\" </dev/null >/dev/null 2>&1 &); "
            + "echo planted";
    /**
     * An honest check: exits 0 only when it sees nothing of any earlier check or run, and the artifacts are the
     * judged work's; {@code $1$2} name the detached process (halves: no process of this check has the whole name).
     */
    private static final String CLEAN = "t=\"$1$2\"; [ -z \"$(ls -A .)\" ] || exit 11; "
            + "for f in /tmp/marker /tmp/late /dev/shm/marker; do [ -e \"$f\" ] && exit 12; done; "
            + "[ -z \"${SILAS_POISON:-}\" ] || exit 13; "
            + "[ \"$(ipcs -m | grep -c '^0x')\" = 0 ] || exit 14; "
            + "for c in /proc/[0-9]*/cmdline; do case \"$(tr '\\0' ' ' < \"$c\" 2>/dev/null)\" in "
            + "*\"$t\"*) exit 15;; esac; done; "
            + "[ \"$(cat \"$SILAS_ARTIFACTS/result.txt\")\" = judged ] || exit 16; echo clean";

    @TempDir
    Path tmp;

    private final SandboxManager sandboxes = Sandboxes.subprocess(SubprocessSandboxOptions.defaults().withPoolSize(3));

    @Test
    void aHostileCheck_neverChangesTheVerdictOfTheNextChecks() throws IOException {
        String token = token();
        Path artifacts = artifacts();
        VerificationRunner runner = Verification.runner(sandboxes);
        for (int verification = 0; verification < 3; verification++) {
            VerificationReport report = runner.run(List.of(
                    check("plant", shell(PLANT) + " plant " + token),
                    check("clean-1", clean(token)),
                    check("clean-2", clean(token))), artifacts);
            List<VerificationResult> results = report.results();
            assertThat(results.get(0).passed()).as(results.get(0).reason()).isTrue();
            assertThat(results.subList(1, 3)).as("verification %d: each later check sees nothing of the planter",
                    verification).allSatisfy(r -> assertThat(r.passed()).as(r.name() + ": " + r.reason()).isTrue());
            assertThat(PayloadSandboxReuseAttackTest.hostProcessesNamed(token)).as("nothing outlives its check").isEmpty();
        }
    }

    @Test
    void theJudgedWork_leavesNothingItsChecksCouldSee() throws IOException {
        String token = token();
        Path artifacts = artifacts();
        // The work gets the checks' own shape of sandbox (same limits, artifacts shown), the closest a pool could
        // come to handing the work's sandbox to a check.
        SandboxConfig work = SandboxConfig.defaults().withTimeout(TIMEOUT).withArtifactsDir(artifacts);
        for (int round = 0; round < 3; round++) {
            try (Sandbox sandbox = sandboxes.create(work)) {
                ProcessResult planted = sandbox.run(List.of("sh", "-c", PLANT, "plant", token), TIMEOUT);
                assertThat(planted.stdout()).as(planted.reason() + planted.stderr()).isEqualTo("planted\n");
            }
            VerificationReport report = Verification.runner(sandboxes).run(List.of(
                    check("clean-1", clean(token)), check("clean-2", clean(token)), check("clean-3", clean(token))),
                    artifacts);
            assertThat(report.results()).as("round %d", round)
                    .allSatisfy(r -> assertThat(r.passed()).as(r.name() + ": " + r.reason()).isTrue());
        }
        assertThat(PayloadSandboxReuseAttackTest.hostProcessesNamed(token)).isEmpty();
    }

    private Path artifacts() throws IOException {
        Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        Files.writeString(artifacts.resolve("result.txt"), "judged", StandardCharsets.UTF_8);
        return artifacts;
    }

    private static String clean(String token) {
        return shell(CLEAN) + " clean " + token.substring(0, 8) + " " + token.substring(8);
    }

    /** {@code sh -c '<script>'} as one check command (single quotes inside the script escaped). */
    private static String shell(String script) {
        return "sh -c '" + script.replace("'", "'\"'\"'") + "'";
    }

    private static VerificationCheck check(String name, String run) {
        return new VerificationCheck(name, run, Expectation.exitCodeIs(0), 30, false, null);
    }

    private static String token() {
        return "silas-linger-" + IdGenerator.randomHex128().substring(0, 16);
    }
}
